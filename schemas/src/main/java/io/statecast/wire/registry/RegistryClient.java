package io.statecast.wire.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.registry.RegistryTransport.Answer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the REST API of Confluent-compatible schema registries (Confluent Schema Registry,
 * Apicurio Registry's {@code /apis/ccompat/v7}, Karapace), for the two calls a codec needs:
 *
 * <ul>
 *   <li>{@link #schemaById}: {@code GET {url}/schemas/ids/{id}}, answered with {@code {"schema":
 *       "<avsc>"}}; kept for good, since a registry never gives an id to another schema;
 *   <li>{@link #register}: {@code POST {url}/subjects/{subject}/versions} with {@code {"schema":
 *       "<avsc>"}}, answered with {@code {"id": N}} (the existing id if the subject already has the
 *       schema); kept per subject and schema.
 * </ul>
 *
 * <p><b>Whose fault.</b> Only one answer means the record is at fault: a 404 whose {@code
 * error_code} is 40403 (schema not found), thrown as {@link UnknownSchemaIdException}. A schema of
 * another type than Avro, or one that does not parse, is {@link UnusableSchemaException}. Every
 * other failure, a refused connection, a timeout, a 5xx, 401 or 403, 429, any other 404 (a wrong
 * base URL) or an answer that is not the API's, is {@link RegistryUnavailableException}: the caller
 * waits and retries, and no record becomes a dead letter because a registry is down or
 * misconfigured. Messages name the registry's URL, the request and the status, never the
 * credentials (nor a {@code user:password@} in the URL).
 *
 * <p><b>Authentication.</b> HTTP basic ({@link RegistrySettings#basicAuth()}, or the user info of
 * the URL) or a bearer token; {@code https} registries with a trust store of their own (PKCS12 or
 * JKS) when {@link RegistrySettings#trustStore()} is set. Each request may take {@link
 * RegistrySettings#timeout()}, and so may connecting.
 *
 * <p>Not supported: schemas with {@code references} to other subjects' schemas (they are {@link
 * UnusableSchemaException}). Ids the registry does not know are not remembered: the next record
 * with that id asks again, since the id may have been registered since.
 *
 * <p>Thread-safe. {@link #shared} gives one client per settings in a JVM, so that all codecs of a
 * process share its cache of schemas.
 *
 * <p>This class is the API and its caches; the HTTP transport (the client, authentication, TLS,
 * timeouts, the mapping of failures, redaction) is {@link RegistryTransport}.
 *
 * @see <a
 *     href="https://docs.confluent.io/platform/current/schema-registry/develop/api.html">Confluent
 *     Schema Registry API reference</a>
 */
public final class RegistryClient {

  /** The content type of the API's requests and answers. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** The {@code error_code} of a 404 for a schema id the registry does not have. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private static final Map<RegistrySettings, RegistryClient> SHARED = new ConcurrentHashMap<>();

  private final RegistrySettings settings;
  private final RegistryTransport transport;

  /** A parsed schema, or the reason it is unusable, per id. */
  private final Map<Integer, Object> schemas = new ConcurrentHashMap<>();

  private final Map<String, Integer> registered = new ConcurrentHashMap<>();

  /**
   * A client of the registry of {@code settings}.
   *
   * @throws IllegalArgumentException if the trust store cannot be read
   */
  public RegistryClient(RegistrySettings settings) {
    this.settings = settings;
    this.transport = new RegistryTransport(settings);
  }

  /** The one client of these settings in this JVM, made on first use. */
  public static RegistryClient shared(RegistrySettings settings) {
    return SHARED.computeIfAbsent(settings, RegistryClient::new);
  }

  /** The registry's base URL as messages show it: without user info. */
  public String url() {
    return transport.base();
  }

  /**
   * The Avro schema the registry keeps under {@code id}.
   *
   * @throws UnknownSchemaIdException if the registry has no schema with this id
   * @throws UnusableSchemaException if the schema is not Avro or does not parse
   * @throws RegistryUnavailableException if the registry did not answer, or not as the API does
   */
  public Schema schemaById(int id)
      throws UnknownSchemaIdException, UnusableSchemaException, RegistryUnavailableException {
    Object known = schemas.get(id);
    if (known == null) {
      known = fetch(id);
      Object raced = schemas.putIfAbsent(id, known);
      known = raced != null ? raced : known;
    }
    if (known instanceof Schema schema) {
      return schema;
    }
    throw new UnusableSchemaException((String) known);
  }

  /** The schema of {@code id}, or why it is unusable. */
  private Object fetch(int id) throws UnknownSchemaIdException, RegistryUnavailableException {
    String path = "/schemas/ids/" + id;
    HttpRequest request = transport.request(path).GET().build();
    Answer answer = transport.send(request, "GET " + path);
    if (answer.status() == 404 && RegistryTransport.errorCode(answer.body()) == SCHEMA_NOT_FOUND) {
      throw new UnknownSchemaIdException(
          id, "schema id " + id + " is not in the registry at " + transport.base());
    }
    JsonNode json = transport.expect(answer, 200, "GET " + path);
    JsonNode text = json.get("schema");
    if (text == null || !text.isTextual()) {
      throw transport.unexpected(answer, "GET " + path, "no \"schema\" text");
    }
    String prefix = "schema id " + id + " in the registry at " + transport.base();
    JsonNode type = json.get("schemaType");
    if (type != null && type.isTextual() && !"AVRO".equalsIgnoreCase(type.asText())) {
      return prefix + " is a " + type.asText() + " schema, not Avro";
    }
    JsonNode references = json.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      return prefix + " refers to other subjects' schemas, which this reader does not resolve";
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (RuntimeException e) {
      return prefix + " is not a valid Avro schema: " + e.getMessage();
    }
  }

  /**
   * The id of {@code schema} under {@code subject}, registering it if the subject does not have it
   * yet (the registry's compatibility rules for the subject apply).
   *
   * @throws RegistryUnavailableException if the registry did not answer, refused the schema (a 409
   *     for a schema incompatible with the subject's earlier ones, say: the message has the
   *     registry's reason) or did not answer as the API does
   */
  public int register(String subject, Schema schema) throws RegistryUnavailableException {
    String text = schema.toString();
    String key = subject + '\n' + text;
    Integer known = registered.get(key);
    if (known != null) {
      return known;
    }
    String path =
        "/subjects/"
            + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
            + "/versions";
    String body;
    try {
      body = RegistryTransport.JSON.writeValueAsString(Map.of("schema", text));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON string", e);
    }
    HttpRequest request =
        transport
            .request(path)
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    Answer answer = transport.send(request, "POST " + path);
    JsonNode id = transport.expect(answer, 200, "POST " + path).get("id");
    if (id == null || !id.canConvertToInt()) {
      throw transport.unexpected(answer, "POST " + path, "no integer \"id\"");
    }
    registered.put(key, id.intValue());
    schemas.putIfAbsent(id.intValue(), schema);
    return id.intValue();
  }

  /** The URL and how the client authenticates; never the credentials. */
  @Override
  public String toString() {
    return "RegistryClient[" + settings + "]";
  }
}
