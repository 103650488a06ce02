package io.statecast.serve;

import static io.statecast.serve.TestServers.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The health, metadata and inference endpoints over real HTTP on 127.0.0.1, with a token
 * configured: the happy paths, and for each way a client can go wrong a 4xx with a clear JSON
 * message (never a 5xx or a stack trace). The stateful key endpoints are in {@link
 * StatefulEndpointsTest}, the registry's in {@link RegistryEndpointsTest}.
 */
class ServerEndpointsTest extends DemoServerTest {

  @Nested
  class Health {
    @Test
    void livenessReadinessAndServerMetadata() {
      assertThat(http.get("/health", null).json().get("status").asText()).isEqualTo("ok");
      assertThat(http.get("/ready", null).status()).isEqualTo(200);
      assertThat(http.get("/v2/health/live", null).json().get("live").asBoolean()).isTrue();
      assertThat(http.get("/v2/health/ready", null).json().get("ready").asBoolean()).isTrue();
      JsonNode meta = http.get("/v2", null).json();
      assertThat(meta.get("name").asText()).isEqualTo("statecast");
      assertThat(meta.get("extensions").isArray()).isTrue();
    }

    @Test
    void metricsInPrometheusTextFormat() {
      http.get("/v2/models/demo", null);
      // one step through the sequence batcher, so that the batch-size histogram has a sample
      Http.Response stepped =
          http.post(
              "/v1/models/demo/keys/metrics-probe/observations",
              TestServers.json(TestServers.series("metrics-probe", 1, 0)),
              null);
      assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
      Http.Response r = http.get("/metrics", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(r.body())
          .contains("# TYPE statecast_http_requests_total counter")
          .contains("statecast_http_requests_total{endpoint=\"/v2/models/{name}\"")
          .contains("statecast_http_request_duration_seconds_bucket")
          .contains("# TYPE statecast_batch_size histogram")
          .containsPattern("statecast_batch_size_count\\{[^}]*\\} [1-9]");
    }

    @Test
    void unknownRoutesAreJson404s() {
      assertClientError(http.get("/nope", null), 404, "not found");
      assertClientError(http.delete("/health", null), 404, "not found");
    }
  }

  @Nested
  class ModelMetadata {
    @Test
    void describesTheServingVersionsTensors() {
      JsonNode m = http.get("/v2/models/demo", null).json();
      assertThat(m.get("name").asText()).isEqualTo("demo");
      assertThat(m.get("versions")).extracting(JsonNode::asText).containsExactly("1", "2");
      assertThat(m.get("platform").asText()).isEqualTo("statecast_lstm");
      JsonNode obs = m.get("inputs").get(0);
      assertThat(obs.get("name").asText()).isEqualTo("observations");
      assertThat(obs.get("datatype").asText()).isEqualTo("FP32");
      assertThat(obs.get("shape").toString()).isEqualTo("[-1,-1,1]");
      assertThat(m.get("inputs").get(1).get("datatype").asText()).isEqualTo("INT64");
      assertThat(m.get("outputs")).hasSize(1);
      assertThat(m.get("outputs").get(0).get("shape").toString()).isEqualTo("[-1,3]");
      assertThat(m.get("parameters").has("quantiles")).isFalse();
      assertThat(m.get("parameters").get("observation_columns").toString()).isEqualTo("[\"load\"]");
      assertThat(m.get("parameters").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void describesAPinnedVersion() {
      JsonNode m = http.get("/v2/models/demo/versions/2", null).json();
      assertThat(m.get("versions").toString()).isEqualTo("[\"2\"]");
      assertThat(m.get("parameters").get("version").asInt()).isEqualTo(2);
    }

    @Test
    void readiness() {
      assertThat(http.get("/v2/models/demo/ready", null).json().get("ready").asBoolean()).isTrue();
      assertThat(http.get("/v2/models/demo/versions/2/ready", null).status()).isEqualTo(200);
      assertClientError(http.get("/v2/models/nope/ready", null), 404, "not in the registry");
      assertClientError(http.get("/v2/models/demo/versions/7/ready", null), 404, "no version 7");
    }

    @Test
    void unknownModelsAndVersions() {
      assertClientError(http.get("/v2/models/nope", null), 404, "model 'nope' is not in");
      assertClientError(http.get("/v2/models/demo/versions/9", null), 404, "no version 9");
      assertClientError(http.get("/v2/models/demo/versions/x1", null), 400, "positive integer");
      assertClientError(http.get("/v2/models/..%2F..%2Fetc", null), 404, "not in the registry");
    }
  }

  @Nested
  class Infer {
    private String request(int n, int t, boolean withTimes, boolean batched) {
      StringBuilder obs = new StringBuilder();
      StringBuilder times = new StringBuilder();
      for (int b = 0; b < n; b++) {
        List<Observation> series = TestServers.series("k", t, b);
        for (int s = 0; s < t; s++) {
          Observation o = series.get(s);
          obs.append(obs.length() == 0 ? "" : ",").append(o.getTarget());
          times.append(times.length() == 0 ? "" : ",").append(o.getEventTime());
        }
      }
      String obsShape = batched ? "[" + n + "," + t + ",1]" : "[" + t + ",1]";
      String timeShape = batched ? "[" + n + "," + t + "]" : "[" + t + "]";
      return "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"observations\",\"datatype\":\"FP32\","
          + "\"shape\":"
          + obsShape
          + ",\"data\":["
          + obs
          + "]}"
          + (withTimes
              ? ",{\"name\":\"event_time\",\"datatype\":\"INT64\",\"shape\":"
                  + timeShape
                  + ",\"data\":["
                  + times
                  + "]}"
              : "")
          + "]}";
    }

    @Test
    void forecastsFromAWindowAsSteppingItOffline() {
      Http.Response r = http.post("/v2/models/demo/infer", request(1, 12, true, false), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode body = r.json();
      assertThat(body.get("model_name").asText()).isEqualTo("demo");
      assertThat(body.get("model_version").asText()).isEqualTo("1");
      assertThat(body.get("id").asText()).isEqualTo("req-1");
      assertThat(body.get("outputs")).as("a point head: the forecast only").hasSize(1);
      JsonNode out = body.get("outputs").get(0);
      assertThat(out.get("name").asText()).isEqualTo("forecast");
      assertThat(out.get("shape").toString()).isEqualTo("[3]");
      float[] expected = Offline.window(v1, withEmptyKey(TestServers.series("k", 12, 0)));
      for (int j = 0; j < 3; j++) {
        assertThat(out.get("data").get(j).floatValue()).isCloseTo(expected[j], within(1e-4f));
      }
    }

    @Test
    void forecastsABatchOfWindows() {
      Http.Response r =
          http.post("/v2/models/demo/versions/2/infer", request(3, 5, true, true), null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode out = r.json().get("outputs").get(0);
      assertThat(out.get("shape").toString()).isEqualTo("[3,3]");
      ModelArtifact v2 = loadV2();
      for (int b = 0; b < 3; b++) {
        float[] expected = Offline.window(v2, withEmptyKey(TestServers.series("k", 5, b)));
        for (int j = 0; j < 3; j++) {
          assertThat(out.get("data").get(b * 3 + j).floatValue())
              .isCloseTo(expected[j], within(1e-4f));
        }
      }
    }

    @Test
    void acceptsNestedData() {
      String body =
          "{\"inputs\":[{\"name\":\"observations\",\"datatype\":\"FP32\",\"shape\":[2,1],"
              + "\"data\":[[100.0],[110.0]]},{\"name\":\"event_time\",\"datatype\":\"INT64\","
              + "\"shape\":[2],\"data\":[1700000000000,1700086400000]}]}";
      assertThat(http.post("/v2/models/demo/infer", body, null).status()).isEqualTo(200);
    }

    @Test
    void refusesMalformedRequests() {
      String p = "/v2/models/demo/infer";
      assertClientError(http.post(p, "{\"inputs\": [", null), 400, "malformed JSON");
      assertClientError(http.post(p, "", null), 400, "needs a JSON body");
      assertClientError(http.post(p, "[1,2]", null), 400, "must be a JSON object");
      assertClientError(http.post(p, "{}", null), 400, "needs 'inputs'");
      assertClientError(http.post(p, "{\"inputs\":[], \"x\":1}", null), 400, "unknown field 'x'");
      assertClientError(
          http.post(p, request(1, 4, true, false).replace("FP32", "BYTES"), null),
          400,
          "datatype FP32");
      assertClientError(
          http.post(p, request(1, 4, true, false).replace("[4,1]", "[4,2]"), null),
          400,
          "shape [T, 1] or [N, T, 1]");
      assertClientError(
          http.post(p, request(1, 4, true, false).replace("[4,1]", "[5,1]"), null),
          400,
          "data elements");
      assertClientError(
          http.post(p, request(1, 4, true, false).replace("\"shape\":[4]", "\"shape\":[3]"), null),
          400,
          "must have shape [4]");
      assertClientError(http.post(p, request(1, 4, false, false), null), 400, "event_time");
      assertClientError(
          http.post(p, request(1, 4, true, false).replace("observations", "obs"), null),
          400,
          "unknown input 'obs'");
      assertClientError(
          http.post(
              p,
              request(1, 2, true, false).replaceFirst("\"data\":\\[[^,]+", "\"data\":[\"x\""),
              null),
          400,
          "must be a number");
      assertClientError(
          http.post(
              p,
              request(1, 2, true, false).replaceFirst("\"data\":\\[[^,]+", "\"data\":[1e39"),
              null),
          400,
          "float32 range");
      assertClientError(
          http.post(
              p,
              request(1, 2, true, false)
                  .replace("]}", "]}")
                  .replace("{\"id\"", "{\"outputs\":[{\"name\":\"y\"}],\"id\""),
              null),
          400,
          "unknown output 'y'");
      assertClientError(
          http.post(
              p,
              request(1, 2, true, false)
                  .replace("{\"id\"", "{\"parameters\":{\"binary_data_output\":true},\"id\""),
              null),
          400,
          "binary tensor data");
    }

    @Test
    void refusesOversizedBodiesAndUnknownModels() {
      String big = request(1, 9_000, true, false);
      assertThat(big.length()).isGreaterThan(64 * 1024);
      assertClientError(
          http.post("/v2/models/demo/infer", big, null), 413, "larger than the limit");
      assertClientError(
          http.post("/v2/models/nope/infer", request(1, 2, true, false), null), 404, "not in the");
      assertClientError(
          http.post("/v2/models/demo/versions/5/infer", request(1, 2, true, false), null),
          404,
          "no version 5");
    }
  }

  private ModelArtifact loadV2() {
    try {
      return server.registry().load("demo", 2);
    } catch (io.statecast.registry.RegistryException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Observation> withEmptyKey(List<Observation> obs) {
    return obs.stream().map(o -> Observation.newBuilder(o).setKey("").build()).toList();
  }
}
