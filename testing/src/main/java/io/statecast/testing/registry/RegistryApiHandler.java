package io.statecast.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.statecast.testing.registry.RegistrySchemaStore.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The Confluent-compatible REST API of a {@link TestSchemaRegistry}: routes each request to {@code
 * GET /schemas/ids/{id}}, {@code POST} or {@code GET /subjects/{subject}/versions} or {@code GET
 * /subjects} on its {@link RegistrySchemaStore}, and answers in the API's JSON, errors with a
 * Confluent-style {@code error_code}.
 *
 * <p>Before routing it counts the request and obeys the {@link RegistryControls}: holds the answer
 * back, fails with the status it was told to, or answers 401 without the required credentials. Kept
 * apart from the server so that the API is read in one place.
 */
final class RegistryApiHandler implements HttpHandler {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistrySchemaStore store;
  private final RegistryControls controls;

  RegistryApiHandler(RegistrySchemaStore store, RegistryControls controls) {
    this.store = store;
    this.controls = controls;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      controls.countRequest(auth);
      controls.holdAnswer();
      int failing = controls.failure();
      if (failing != 0) {
        error(exchange, failing, failing, "failing on purpose (TestSchemaRegistry.failWith)");
        return;
      }
      String required = controls.requiredAuthorization();
      if (required != null && !required.equals(auth)) {
        error(exchange, 401, 401, "Unauthorized");
        return;
      }
      route(exchange);
    } catch (RuntimeException e) {
      error(exchange, 500, 50001, "test registry error: " + e);
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getRawPath().split("/");
    // "/schemas/ids/7" splits into "", "schemas", "ids", "7"
    if (parts.length == 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
      if (!method.equals("GET")) {
        error(exchange, 405, 405, "HTTP 405 Method Not Allowed");
        return;
      }
      controls.countLookup();
      schemaById(exchange, parts[3]);
    } else if (parts.length == 2 && parts[1].equals("subjects") && method.equals("GET")) {
      answer(exchange, 200, store.subjects());
    } else if (parts.length == 4 && parts[1].equals("subjects") && parts[3].equals("versions")) {
      String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
      if (method.equals("POST")) {
        controls.countRegistration();
        registerRequest(exchange, subject);
      } else if (method.equals("GET")) {
        versions(exchange, subject);
      } else {
        error(exchange, 405, 405, "HTTP 405 Method Not Allowed");
      }
    } else {
      error(exchange, 404, 404, "HTTP 404 Not Found");
    }
  }

  private void schemaById(HttpExchange exchange, String idText) throws IOException {
    Optional<Entry> found;
    try {
      found = store.entry(Integer.parseInt(idText));
    } catch (NumberFormatException e) {
      found = Optional.empty();
    }
    if (found.isEmpty()) {
      error(exchange, 404, 40403, "Schema " + idText + " not found");
      return;
    }
    Entry entry = found.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", entry.text());
    if (!entry.type().equals("AVRO")) {
      body.put("schemaType", entry.type());
    }
    answer(exchange, 200, body);
  }

  private void registerRequest(HttpExchange exchange, String subject) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in);
    } catch (IOException e) {
      error(exchange, 422, 42201, "Invalid request body: " + e.getMessage());
      return;
    }
    JsonNode text = request == null ? null : request.get("schema");
    JsonNode type = request == null ? null : request.get("schemaType");
    if (text == null || !text.isTextual()) {
      error(exchange, 422, 42201, "Invalid schema: no \"schema\" text");
      return;
    }
    if (type != null && !"AVRO".equals(type.asText())) {
      error(exchange, 422, 42201, "This test registry takes Avro schemas only");
      return;
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      error(exchange, 422, 42201, "Invalid schema: " + e.getMessage());
      return;
    }
    answer(exchange, 200, Map.of("id", store.add(subject, schema.toString(), "AVRO")));
  }

  private void versions(HttpExchange exchange, String subject) throws IOException {
    List<Integer> numbers = store.versions(subject);
    if (numbers.isEmpty()) {
      error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
      return;
    }
    answer(exchange, 200, numbers);
  }

  private static void error(HttpExchange exchange, int status, int code, String message)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    answer(exchange, status, body);
  }

  private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
