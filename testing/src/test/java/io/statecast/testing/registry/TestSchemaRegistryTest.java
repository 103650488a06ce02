package io.statecast.testing.registry;

import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V0;
import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test registry's API and controls, spoken to with plain HTTP. */
class TestSchemaRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestSchemaRegistry registry;

  @BeforeEach
  void start() {
    registry = TestSchemaRegistry.start();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void registersAndServesSchemasWithIdsStablePerSchema() throws Exception {
    HttpResponse<String> first = post("/subjects/observations-value/versions", OBSERVATION_V0);
    HttpResponse<String> again = post("/subjects/observations-value/versions", OBSERVATION_V0);
    HttpResponse<String> elsewhere = post("/subjects/other-value/versions", OBSERVATION_V0);
    HttpResponse<String> newer = post("/subjects/observations-value/versions", OBSERVATION_V2);

    assertThat(first.statusCode()).isEqualTo(200);
    int id = json(first).get("id").intValue();
    assertThat(json(again).get("id").intValue()).isEqualTo(id);
    assertThat(json(elsewhere).get("id").intValue()).isEqualTo(id);
    int newerId = json(newer).get("id").intValue();
    assertThat(newerId).isNotEqualTo(id);

    HttpResponse<String> fetched = get("/schemas/ids/" + newerId);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(RegistryTestSupport.parse(json(fetched).get("schema").asText()))
        .isEqualTo(OBSERVATION_V2);
    assertThat(json(get("/subjects")).toString())
        .isEqualTo("[\"observations-value\",\"other-value\"]");
    assertThat(json(get("/subjects/observations-value/versions")).toString()).isEqualTo("[1,2]");
    assertThat(registry.registrations()).isEqualTo(4);
    assertThat(registry.schemaLookups()).isEqualTo(1);
    assertThat(registry.requests()).isEqualTo(7);
  }

  @Test
  void missingSchemaAndSubjectHaveConfluentErrorCodes() throws Exception {
    HttpResponse<String> schema = get("/schemas/ids/12");
    HttpResponse<String> subject = get("/subjects/nothing/versions");
    HttpResponse<String> invalid =
        send(
            request(uri("/subjects/x-value/versions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"{\\\"type\\\": 1}\"}"))
                .build());

    assertThat(schema.statusCode()).isEqualTo(404);
    assertThat(json(schema).get("error_code").intValue()).isEqualTo(40403);
    assertThat(subject.statusCode()).isEqualTo(404);
    assertThat(json(subject).get("error_code").intValue()).isEqualTo(40401);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(json(invalid).get("error_code").intValue()).isEqualTo(42201);
  }

  @Test
  void goesDownRefusingConnectionsAndComesBackOnTheSamePort() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    int port = registry.port();

    registry.goDown();
    assertThat(registry.isUp()).isFalse();
    assertThatThrownBy(() -> get("/schemas/ids/" + id)).isInstanceOf(ConnectException.class);

    registry.comeBack();
    assertThat(registry.port()).isEqualTo(port);
    assertThat(get("/schemas/ids/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void failsWithTheStatusItIsToldUntilItStops() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);

    registry.failWith(503);
    HttpResponse<String> failing = get("/schemas/ids/" + id);
    registry.stopFailing();

    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(json(failing).get("error_code").intValue()).isEqualTo(503);
    assertThat(get("/schemas/ids/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void asksForCredentialsWhenToldTo() throws Exception {
    registry.requireBearerToken("t0ken");

    assertThat(get("/subjects").statusCode()).isEqualTo(401);
    assertThat(
            send(request(uri("/subjects")).header("Authorization", "Bearer t0ken").build())
                .statusCode())
        .isEqualTo(200);
    assertThat(registry.authorizations()).containsExactly("", "Bearer t0ken");

    registry.reset();
    assertThat(get("/subjects").statusCode()).isEqualTo(200);
    assertThat(registry.requests()).isEqualTo(1);
  }

  private HttpResponse<String> post(String path, org.apache.avro.Schema schema) throws Exception {
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    return send(
        request(uri(path))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(request(uri(path)).build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Every request of these tests waits at most ten seconds. */
  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
  }

  private URI uri(String path) {
    return URI.create(registry.url() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
