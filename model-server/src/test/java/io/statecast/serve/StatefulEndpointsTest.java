package io.statecast.serve;

import static io.statecast.serve.TestServers.ADMIN;
import static io.statecast.serve.TestServers.READER;
import static io.statecast.serve.TestServers.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.avro.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stateful key endpoints over real HTTP on 127.0.0.1: a key stepped one observation at a time
 * forecasts as the same model run offline over its whole series, its state can be read, reset and
 * deleted, and every misuse is a 4xx with a clear JSON message.
 */
class StatefulEndpointsTest extends DemoServerTest {

  private static final String KEYS = "/v1/models/demo/keys/";

  @Test
  void stepsAKeyAndKeepsItsState() {
    List<Observation> obs = TestServers.series("sensor-1", 6, 3);
    Offline offline = new Offline(v1);
    Http.Response r = null;
    float[] expected = null;
    for (int i = 0; i < 6; i += 2) {
      r = http.post(KEYS + "sensor-1/observations", TestServers.json(obs.subList(i, i + 2)), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      offline.step(obs.get(i));
      expected = offline.step(obs.get(i + 1));
      JsonNode b = r.json();
      assertThat(b.get("applied").asInt()).isEqualTo(2);
      assertThat(b.get("steps").asLong()).isEqualTo(i + 2);
      assertThat(b.has("intervals")).as("a point head has no intervals").isFalse();
      for (int j = 0; j < 3; j++) {
        assertThat(b.get("forecast").get(j).floatValue()).isCloseTo(expected[j], within(1e-4f));
      }
    }
    JsonNode b = r.json();
    assertThat(b.get("model").asText()).isEqualTo("demo");
    assertThat(b.get("modelVersion").asInt()).isEqualTo(1);
    assertThat(b.get("key").asText()).isEqualTo("sensor-1");
    assertThat(b.get("eventTime").asLong()).isEqualTo(obs.get(5).getEventTime());

    JsonNode state = http.get(KEYS + "sensor-1/state", null).json();
    assertThat(state.get("steps").asLong()).isEqualTo(6);
    assertThat(state.get("lastEventTime").asLong()).isEqualTo(obs.get(5).getEventTime());
    assertThat(state.get("layers")).hasSize(2);
    assertThat(state.get("layers").get(1).get("h")).hasSize(16);
    float[] packed = offline.state();
    assertThat(state.get("layers").get(0).get("c").get(3).floatValue())
        .isCloseTo(packed[16 + 3], within(1e-5f));
  }

  @Test
  void acceptsASingleObservationObject() {
    Http.Response r =
        http.post(
            KEYS + "single/observations",
            "{\"eventTime\": 1700000000000, \"target\": 101.5}",
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("steps").asInt()).isEqualTo(1);
  }

  @Test
  void resetNeedsTheAdminTokenAndForgetsTheKey() {
    http.post(
        KEYS + "to-reset/observations", "{\"eventTime\": 1700000000000, \"target\": 1}", null);
    assertClientError(http.delete(KEYS + "to-reset", null), 401, "needs a bearer token");
    assertClientError(http.delete(KEYS + "to-reset", "wrong-token-0123456789"), 401, "not valid");
    assertClientError(http.delete(KEYS + "to-reset", READER), 403, "may only read");
    Http.Response r = http.delete(KEYS + "to-reset", ADMIN);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("reset").asBoolean()).isTrue();
    assertClientError(http.get(KEYS + "to-reset/state", null), 404, "has no state");
    assertThat(http.delete(KEYS + "to-reset", ADMIN).json().get("reset").asBoolean()).isFalse();
  }

  @Test
  void refusesBadObservationsWithoutApplyingAny() {
    String p = KEYS + "bad/observations";
    assertClientError(http.post(p, "{\"observations\": [", null), 400, "malformed JSON");
    assertClientError(http.post(p, "{\"observations\": []}", null), 400, "non-empty array");
    assertClientError(http.post(p, "{\"target\": 1}", null), 400, "eventTime");
    assertClientError(
        http.post(p, "{\"observations\":[{\"target\": 1}]}", null), 400, "eventTime is missing");
    assertClientError(
        http.post(p, "{\"observations\":[{\"eventTime\": \"monday\", \"target\": 1}]}", null),
        400,
        "must be an integer");
    assertClientError(
        http.post(p, "{\"observations\":[{\"eventTime\": 1, \"target\": 1, \"tgt\": 2}]}", null),
        400,
        "unknown field 'tgt'");
    assertClientError(
        http.post(
            p, "{\"observations\":[{\"eventTime\": 1, \"target\": 1},{\"eventTime\": 2}]}", null),
        400,
        "observations[1]: the model reads the target");
    assertClientError(
        http.post(p, "{\"observations\":[{\"eventTime\": 1, \"features\": {}}]}", null),
        400,
        "features must be an array");
    assertClientError(
        http.post(p, "{\"observations\":[{\"eventTime\": 1, \"target\": NaN}]}", null),
        400,
        "malformed JSON");
    assertClientError(http.get(KEYS + "bad/state", null), 404, "has no state");
    assertClientError(
        http.post(KEYS + "k".repeat(300) + "/observations", "{\"eventTime\":1,\"target\":1}", null),
        400,
        "1 to 256 characters");
  }

  @Test
  void refusesTooManyOrTooLargeAndUnknownModels() {
    List<Observation> many = TestServers.series("x", 1_001, 1);
    assertClientError(
        http.post(KEYS + "many/observations", TestServers.json(many), null), 400, "at most 1000");
    String huge = TestServers.json(TestServers.series("x", 3_000, 1));
    assertClientError(http.post(KEYS + "huge/observations", huge, null), 413, "limit");
    assertClientError(
        http.post("/v1/models/nope/keys/a/observations", "{\"eventTime\":1,\"target\":1}", null),
        404,
        "not in the registry");
    assertClientError(http.get("/v1/models/nope/keys/a/state", null), 404, "not in the registry");
  }
}
