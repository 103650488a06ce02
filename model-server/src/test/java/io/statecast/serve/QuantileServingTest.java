package io.statecast.serve;

import static io.statecast.serve.TestServers.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.features.AdaptiveQuantiles;
import io.statecast.model.Adaptation;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quantile head's model served over real HTTP on 127.0.0.1: the stateful API and the Open
 * Inference Protocol answer the median as the forecast and each central interval's bounds, and
 * every value equals the reference kernel's output block converted to target units here ({@code v ·
 * σ + μ} of the model's target: the artifact has no per-key statistics) and sorted per step. The
 * random weights make the raw levels cross, so the sorting is exercised (checked).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantileServingTest {

  private static final List<Double> LEVELS = List.of(0.1, 0.25, 0.5, 0.75, 0.9);
  private static final int H = 3;
  private static final int MEDIAN = 2;
  private static final float TOLERANCE = 1e-4f; // the same kernel; float32 unit conversion

  /** Tensor name → index of its level in {@link #LEVELS}. */
  private static final Map<String, Integer> TENSORS =
      Map.of("forecast", 2, "lower_80", 0, "upper_80", 4, "lower_50", 1, "upper_50", 3);

  @TempDir static Path tmp;

  private StatecastServer server;
  private Http http;
  private ModelArtifact model;
  private ModelArtifact adaptive;
  private boolean crossed;

  @BeforeAll
  void start() throws Exception {
    ModelSpec p = ServingModels.spec("quant", 1);
    ModelSpec spec =
        new ModelSpec(
            p.format(),
            p.id(),
            p.version(),
            p.description(),
            p.inputs(),
            p.cell(),
            p.stack(),
            new HeadSpec(H, 0, 0, LEVELS, false));
    Path root = tmp.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(root, new RecordingPublisher());
    registry.add(ServingModels.write(tmp.resolve("quant-v1"), spec, 5, Map.of()).directory());
    registry.promote("quant", 1, StatePolicy.KEEP, "first");
    ModelSpec a = ServingModels.spec("quant-adaptive", 1);
    ModelSpec adaptiveSpec =
        new ModelSpec(
            a.format(),
            a.id(),
            a.version(),
            a.description(),
            a.inputs(),
            a.cell(),
            a.stack(),
            spec.head().withAdaptation(new Adaptation(0.2, 0.3)));
    registry.add(
        ServingModels.write(tmp.resolve("quant-adaptive-v1"), adaptiveSpec, 5, Map.of())
            .directory());
    registry.promote("quant-adaptive", 1, StatePolicy.KEEP, "first");
    server = StatecastServer.start(TestServers.config(root).build(), new RecordingPublisher());
    http = new Http(server.uri());
    model = server.registry().load("quant", 1);
    adaptive = server.registry().load("quant-adaptive", 1);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void metadataNamesTheIntervalTensorsAndLevels() {
    JsonNode m = http.get("/v2/models/quant", null).json();
    List<String> names = new ArrayList<>();
    for (JsonNode t : m.get("outputs")) {
      names.add(t.get("name").asText());
      assertThat(t.get("shape").toString()).isEqualTo("[-1," + H + "]");
      assertThat(t.get("datatype").asText()).isEqualTo("FP32");
    }
    assertThat(names).containsExactly("forecast", "lower_80", "upper_80", "lower_50", "upper_50");
    JsonNode params = m.get("parameters");
    assertThat(params.get("horizon").asInt()).isEqualTo(H);
    assertThat(params.get("quantiles").toString()).isEqualTo("[0.1,0.25,0.5,0.75,0.9]");
    assertThat(params.get("point_forecast").asText()).isEqualTo("median");
    assertThat(params.get("intervals").toString())
        .isEqualTo(
            "[{\"coverage\":0.8,\"lower\":\"lower_80\",\"upper\":\"upper_80\"},"
                + "{\"coverage\":0.5,\"lower\":\"lower_50\",\"upper\":\"upper_50\"}]");
  }

  @Test
  void inferenceAnswersTheMedianAndEachBoundAsTheReference() {
    int n = 3;
    int t = 6;
    Http.Response r = http.post("/v2/models/quant/infer", request(n, t, ""), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode outputs = r.json().get("outputs");
    assertThat(outputs).hasSize(TENSORS.size());
    for (int b = 0; b < n; b++) {
      float[][] want = expected(window(b, t, ""));
      for (JsonNode out : outputs) {
        String name = out.get("name").asText();
        assertThat(out.get("shape").toString()).isEqualTo("[" + n + "," + H + "]");
        for (int j = 0; j < H; j++) {
          assertThat(out.get("data").get(b * H + j).floatValue())
              .as(name + " window " + b + " step " + (j + 1))
              .isCloseTo(want[TENSORS.get(name)][j], within(TOLERANCE));
        }
      }
    }
    assertThat(crossed).as("the raw levels cross somewhere: the sorting is exercised").isTrue();
    JsonNode lower80 = outputs.get(1);
    assertThat(lower80.get("parameters").get("coverage").asDouble()).isEqualTo(0.8);
    assertThat(lower80.get("parameters").get("quantile").asDouble()).isEqualTo(0.1);
    assertThat(outputs.get(0).has("parameters")).isFalse();
  }

  @Test
  void inferenceAnswersOnlyTheOutputsAskedFor() {
    String outputs = "\"outputs\":[{\"name\":\"upper_80\"},{\"name\":\"forecast\"}],";
    Http.Response r = http.post("/v2/models/quant/infer", request(1, 4, outputs), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode got = r.json().get("outputs");
    assertThat(got).extracting(o -> o.get("name").asText()).containsExactly("forecast", "upper_80");
    assertThat(got.get(1).get("shape").toString()).isEqualTo("[1," + H + "]");
    float[][] want = expected(window(0, 4, ""));
    assertThat(got.get(1).get("data").get(H - 1).floatValue())
        .isCloseTo(want[4][H - 1], within(TOLERANCE));
    assertClientError(
        http.post("/v2/models/quant/infer", request(1, 4, "\"outputs\":[{\"name\":\"q\"}],"), null),
        400,
        "the model has 'forecast', 'lower_80', 'upper_80', 'lower_50', 'upper_50'");
    String twice = "\"outputs\":[{\"name\":\"lower_50\"},{\"name\":\"lower_50\"}],";
    assertClientError(
        http.post("/v2/models/quant/infer", request(1, 4, twice), null), 400, "more than once");
  }

  @Test
  void statefulStepsAnswerTheMedianAndTheIntervals() {
    List<Observation> obs = TestServers.series("station-7", 6, 4);
    Offline offline = new Offline(model);
    JsonNode b = null;
    for (int i = 0; i < 6; i += 3) {
      Http.Response r =
          http.post(
              "/v1/models/quant/keys/station-7/observations",
              TestServers.json(obs.subList(i, i + 3)),
              null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      b = r.json();
      offline.stepScaled(obs.get(i));
      offline.stepScaled(obs.get(i + 1));
      float[][] want = expected(offline.stepScaled(obs.get(i + 2)));
      assertValues(b.get("forecast"), want[MEDIAN], "forecast");
      JsonNode intervals = b.get("intervals");
      assertThat(intervals).hasSize(2);
      assertThat(intervals.get(0).get("coverage").asDouble()).isEqualTo(0.8);
      assertValues(intervals.get(0).get("lower"), want[0], "lower 80");
      assertValues(intervals.get(0).get("upper"), want[4], "upper 80");
      assertThat(intervals.get(1).get("coverage").asDouble()).isEqualTo(0.5);
      assertValues(intervals.get(1).get("lower"), want[1], "lower 50");
      assertValues(intervals.get(1).get("upper"), want[3], "upper 50");
    }
    assertThat(b.get("steps").asLong()).isEqualTo(6);
  }

  /**
   * A model that adapts online: the key's adaptation carries from one request to the next, so every
   * answer equals the offline rows adapted by the key's whole history of actuals.
   */
  @Test
  void statefulStepsAdaptWithTheKeysActualsAcrossRequests() {
    List<Observation> obs = TestServers.series("station-9", 6, 2);
    Offline offline = new Offline(adaptive);
    AdaptiveQuantiles tracker = AdaptiveQuantiles.of(adaptive.spec().head());
    float[] adaptation = tracker.initialState();
    float[] row = null;
    boolean moved = false;
    for (int i = 0; i < 6; i += 3) {
      Http.Response r =
          http.post(
              "/v1/models/quant-adaptive/keys/station-9/observations",
              TestServers.json(obs.subList(i, i + 3)),
              null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      for (int t = i; t < i + 3; t++) {
        row = adapted(offline, obs.get(t), tracker, adaptation);
      }
      float[][] want = new float[LEVELS.size()][];
      for (int q = 0; q < LEVELS.size(); q++) {
        want[q] = Arrays.copyOfRange(row, q * H, (q + 1) * H);
      }
      JsonNode intervals = r.json().get("intervals");
      assertValues(r.json().get("forecast"), want[MEDIAN], "forecast");
      assertValues(intervals.get(0).get("lower"), want[0], "lower 80");
      assertValues(intervals.get(0).get("upper"), want[4], "upper 80");
      assertValues(intervals.get(1).get("lower"), want[1], "lower 50");
      assertValues(intervals.get(1).get("upper"), want[3], "upper 50");
      moved |= tracker.offset(adaptation, MEDIAN, 0) != 0 && tracker.offset(adaptation, 0, 0) != 0;
    }
    assertThat(moved).as("the adaptation moved: the check is not the plain model's").isTrue();
  }

  /** Stateless inference adapts over each window from a fresh key's start, as above. */
  @Test
  void inferenceAdaptsOverTheWindowAsAFreshKey() {
    Http.Response r = http.post("/v2/models/quant-adaptive/infer", request(1, 6, ""), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Offline offline = new Offline(adaptive);
    AdaptiveQuantiles tracker = AdaptiveQuantiles.of(adaptive.spec().head());
    float[] adaptation = tracker.initialState();
    float[] row = null;
    for (Observation o : TestServers.series("", 6, 0)) {
      row = adapted(offline, Observation.newBuilder(o).setKey("").build(), tracker, adaptation);
    }
    for (JsonNode out : r.json().get("outputs")) {
      int level = TENSORS.get(out.get("name").asText());
      for (int j = 0; j < H; j++) {
        assertThat(out.get("data").get(j).floatValue())
            .as(out.get("name").asText() + " step " + (j + 1))
            .isCloseTo(row[level * H + j], within(TOLERANCE));
      }
    }
    assertThat(tracker.offset(adaptation, MEDIAN, 0)).isNotZero();
  }

  /**
   * The adaptive model's row after {@code o}, as served: stepped offline, in units and sorted
   * ({@link #expected}), level-major, then adapted with {@code o}'s actual by {@code tracker} in
   * the key's {@code adaptation}.
   */
  private float[] adapted(
      Offline offline, Observation o, AdaptiveQuantiles tracker, float[] adaptation) {
    float[][] plain = expected(offline.stepScaled(o));
    float[] row = new float[LEVELS.size() * H];
    for (int q = 0; q < LEVELS.size(); q++) {
      System.arraycopy(plain[q], 0, row, q * H, H);
    }
    double sigma = adaptive.spec().inputs().features().get(0).std();
    tracker.step(adaptation, o.getTarget(), sigma, row, 0);
    return row;
  }

  private static void assertValues(JsonNode got, float[] want, String what) {
    assertThat(got).as(what).hasSize(want.length);
    for (int j = 0; j < want.length; j++) {
      assertThat(got.get(j).floatValue())
          .as(what + " step " + (j + 1))
          .isCloseTo(want[j], within(TOLERANCE));
    }
  }

  /** Window {@code b} of {@code t} observations stepped offline: the raw outputs after it. */
  private float[] window(int b, int t, String key) {
    Offline offline = new Offline(model);
    float[] raw = null;
    for (Observation o : TestServers.series(key, t, b)) {
      raw = offline.stepScaled(Observation.newBuilder(o).setKey(key).build());
    }
    return raw;
  }

  /**
   * The raw outputs {@code (level, step)} level-major, in target units and sorted per step: {@code
   * [level][step]}. Notes whether any step's raw levels were out of order.
   */
  private float[][] expected(float[] raw) {
    FeatureSpec target = model.spec().inputs().features().get(0);
    float[][] out = new float[LEVELS.size()][H];
    for (int j = 0; j < H; j++) {
      float[] step = new float[LEVELS.size()];
      for (int q = 0; q < step.length; q++) {
        step[q] = (float) (raw[q * H + j] * target.std() + target.mean());
      }
      float[] sorted = step.clone();
      Arrays.sort(sorted);
      crossed |= !Arrays.equals(step, sorted);
      for (int q = 0; q < step.length; q++) {
        out[q][j] = sorted[q];
      }
    }
    return out;
  }

  /** An inference request of {@code n} windows of {@code t} observations, batched. */
  private static String request(int n, int t, String outputs) {
    StringBuilder obs = new StringBuilder();
    StringBuilder times = new StringBuilder();
    for (int b = 0; b < n; b++) {
      for (Observation o : TestServers.series("", t, b)) {
        obs.append(obs.length() == 0 ? "" : ",").append(o.getTarget());
        times.append(times.length() == 0 ? "" : ",").append(o.getEventTime());
      }
    }
    return "{"
        + outputs
        + "\"inputs\":[{\"name\":\"observations\",\"datatype\":\"FP32\",\"shape\":["
        + n
        + ","
        + t
        + ",1],\"data\":["
        + obs
        + "]},{\"name\":\"event_time\",\"datatype\":\"INT64\",\"shape\":["
        + n
        + ","
        + t
        + "],\"data\":["
        + times
        + "]}]}";
  }
}
