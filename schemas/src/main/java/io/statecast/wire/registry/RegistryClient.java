package io.statecast.wire.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.wire.RegistryUnavailableException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
 * @see <a
 *     href="https://docs.confluent.io/platform/current/schema-registry/develop/api.html">Confluent
 *     Schema Registry API reference</a>
 */
public final class RegistryClient {

  /** The content type of the API's requests and answers. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** The {@code error_code} of a 404 for a schema id the registry does not have. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  private static final String ACCEPT =
      CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<RegistrySettings, RegistryClient> SHARED = new ConcurrentHashMap<>();

  private final RegistrySettings settings;
  private final String base;
  private final String authorization;
  private final List<String> secrets;
  private final HttpClient http;

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
    URI url = settings.url();
    String basic = settings.basicAuth();
    if (basic == null && settings.bearerToken() == null && url.getRawUserInfo() != null) {
      basic = URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
    }
    this.base = withoutUserInfo(url);
    this.secrets = new ArrayList<>();
    if (basic != null) {
      String encoded = Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
      this.authorization = "Basic " + encoded;
      secrets.add(encoded);
      int colon = basic.indexOf(':');
      if (colon >= 0 && colon < basic.length() - 1) {
        secrets.add(basic.substring(colon + 1));
      }
    } else if (settings.bearerToken() != null) {
      this.authorization = "Bearer " + settings.bearerToken();
      secrets.add(settings.bearerToken());
    } else {
      this.authorization = null;
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.trustStore() != null) {
      builder.sslContext(trusting(settings.trustStore(), settings.trustStorePassword()));
    }
    this.http = builder.build();
  }

  /** The one client of these settings in this JVM, made on first use. */
  public static RegistryClient shared(RegistrySettings settings) {
    return SHARED.computeIfAbsent(settings, RegistryClient::new);
  }

  /** The registry's base URL as messages show it: without user info. */
  public String url() {
    return base;
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
    HttpRequest request = request(path).GET().build();
    Answer answer = send(request, "GET " + path);
    if (answer.status() == 404 && errorCode(answer.body()) == SCHEMA_NOT_FOUND) {
      throw new UnknownSchemaIdException(
          id, "schema id " + id + " is not in the registry at " + base);
    }
    JsonNode json = expect(answer, 200, "GET " + path);
    JsonNode text = json.get("schema");
    if (text == null || !text.isTextual()) {
      throw unexpected(answer, "GET " + path, "no \"schema\" text");
    }
    String prefix = "schema id " + id + " in the registry at " + base;
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
      body = JSON.writeValueAsString(Map.of("schema", text));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON string", e);
    }
    HttpRequest request =
        request(path)
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    Answer answer = send(request, "POST " + path);
    JsonNode id = expect(answer, 200, "POST " + path).get("id");
    if (id == null || !id.canConvertToInt()) {
      throw unexpected(answer, "POST " + path, "no integer \"id\"");
    }
    registered.put(key, id.intValue());
    schemas.putIfAbsent(id.intValue(), schema);
    return id.intValue();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(settings.timeout())
            .header("Accept", ACCEPT);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private record Answer(int status, String body) {}

  private Answer send(HttpRequest request, String what) throws RegistryUnavailableException {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " did not answer "
              + what
              + " within "
              + settings.timeout()
              + ": "
              + redact(String.valueOf(e.getMessage())),
          e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " cannot be reached for "
              + what
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? " " + redact(e.getMessage()) : ""),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "interrupted while waiting for the schema registry at " + base + " to answer " + what, e);
    }
  }

  /** The answer's JSON object if its status is {@code status}. */
  private JsonNode expect(Answer answer, int status, String what)
      throws RegistryUnavailableException {
    if (answer.status() != status) {
      String reason = errorMessage(answer.body());
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " answered "
              + answer.status()
              + " to "
              + what
              + (reason.isEmpty() ? "" : ": " + reason));
    }
    try {
      JsonNode json = JSON.readTree(answer.body());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // reported below
    }
    throw unexpected(answer, what, "not a JSON object");
  }

  private RegistryUnavailableException unexpected(Answer answer, String what, String problem) {
    return new RegistryUnavailableException(
        "schema registry at "
            + base
            + " answered "
            + what
            + " with "
            + answer.status()
            + " but "
            + problem
            + ", not as the Confluent schema registry API does: "
            + excerpt(answer.body()));
  }

  /** The {@code error_code} of an error answer, or -1. */
  private static int errorCode(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode code = json == null ? null : json.get("error_code");
      return code != null && code.canConvertToInt() ? code.intValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The registry's own words in an error answer: its {@code error_code} and message. */
  private String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject() && json.has("message")) {
        String code =
            json.has("error_code") ? "error " + json.get("error_code").asText() + ", " : "";
        return excerpt(code + json.get("message").asText());
      }
    } catch (IOException notJson) {
      // a proxy's page, say: show its start
    }
    return excerpt(body);
  }

  private String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").trim();
    return redact(line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }

  /** {@code text} with any of the credentials in it blotted out. */
  private String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  private static String withoutUserInfo(URI url) {
    try {
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), null, null, null)
              .toString()
          + path;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a schema registry URL: " + url.getHost(), e);
    }
  }

  private static SSLContext trusting(String trustStore, String password) {
    try {
      KeyStore store =
          KeyStore.getInstance(
              new File(trustStore), password == null ? null : password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the schema registry's trust store "
              + trustStore
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? " " + e.getMessage() : ""),
          e);
    }
  }

  /** The URL and how the client authenticates; never the credentials. */
  @Override
  public String toString() {
    return "RegistryClient[" + settings + "]";
  }
}
