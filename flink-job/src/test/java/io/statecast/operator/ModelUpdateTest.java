package io.statecast.operator;

import static io.statecast.operator.LstmForecastOperatorTest.harness;
import static io.statecast.operator.LstmForecastOperatorTest.record;
import static io.statecast.operator.LstmForecastOperatorTest.values;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import io.statecast.source.SourcePosition;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model updates: every policy, refusals, and a restore after a switch (steps on the operator
 * thread; {@link OverlappedModelUpdateTest} runs them on a kernel thread).
 */
class ModelUpdateTest {

  private static final double TOLERANCE = 1e-5;
  private static final int DEPTH = 3;

  @TempDir Path tmp;
  private ModelArtifact v1;
  private ModelArtifact v2;

  @BeforeEach
  void writeModels() throws Exception {
    v1 = TestModels.write(tmp.resolve("v1"));
    v2 = TestModels.writeVersion(tmp.resolve("v2"), 2, 99);
  }

  /** Whether this run's operators step on a kernel thread of their own. */
  boolean overlapSteps() {
    return false;
  }

  private ForecastOperatorConfig config() {
    return ForecastOperatorConfig.builder(v1.directory().toString())
        .setBatch(5, Duration.ofMillis(50))
        .setRewarmDepth(DEPTH)
        .setOverlapSteps(overlapSteps())
        .build();
  }

  private static ModelUpdateEvent update(ModelArtifact a, StatePolicy policy) {
    ModelUpdate u =
        ModelUpdate.newBuilder()
            .setModelId(a.spec().id())
            .setVersion(a.spec().version())
            .setArtifactUri(a.directory().toUri().toString())
            .setManifestSha256(a.manifestSha256())
            .setPolicy(policy)
            .setPublishedAt(0)
            .build();
    return new ModelUpdateEvent(u, null, new SourcePosition("model-updates", 0, 7, 0));
  }

  /** Days 0..5 of keys a, b, c, then the update, then days 6..9. */
  private List<Forecast> run(
      KeyedTwoInputStreamOperatorTestHarness<String, ObservationEvent, ModelUpdateEvent, Forecast>
          h,
      ModelUpdateEvent u,
      TestModels.Offline oracle,
      StatePolicy policy,
      double[] maxErr)
      throws Exception {
    h.open();
    List<ObservationEvent> before = days(0, 6);
    List<ObservationEvent> after = days(6, 10);
    java.util.Map<String, float[]> expected = new java.util.HashMap<>();
    for (ObservationEvent e : before) {
      h.processElement1(record(e));
      expected.put(e.key() + "@" + e.eventTime(), oracle.step(e.observation));
    }
    h.processElement2(new StreamRecord<>(u));
    if (policy != null) {
      oracle.switchTo(u == null ? null : loaded(u), policy);
    }
    for (ObservationEvent e : after) {
      h.processElement1(record(e));
      expected.put(e.key() + "@" + e.eventTime(), oracle.step(e.observation));
    }
    h.endInput1();
    // Forecasts of different keys may leave a flush in another order than their events came
    // (re-warming adds silent steps to the waves): match them by key and time.
    List<Forecast> out = new ArrayList<>(h.extractOutputValues());
    assertThat(out).hasSize(expected.size());
    for (Forecast f : out) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      for (int j = 0; j < want.length; j++) {
        maxErr[0] = Math.max(maxErr[0], Math.abs(want[j] - f.getValues().get(j)));
      }
    }
    out.sort(
        java.util.Comparator.comparingLong(Forecast::getEventTime).thenComparing(Forecast::getKey));
    return out;
  }

  private ModelArtifact loaded(ModelUpdateEvent u) {
    return u.update.getVersion() == 2 ? v2 : v1;
  }

  private static List<ObservationEvent> days(int from, int to) {
    List<ObservationEvent> out = new ArrayList<>();
    for (int d = from; d < to; d++) {
      for (String k : new String[] {"a", "b", "c"}) {
        out.add(event(k, d, 10 + d + k.charAt(0) % 3, d * 10L + k.charAt(0)));
      }
    }
    return out;
  }

  @Test
  void keepCarriesEveryStateOverToTheNewModel() throws Exception {
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out =
          run(
              h,
              update(v2, StatePolicy.KEEP),
              new TestModels.Offline(v1, DEPTH),
              StatePolicy.KEEP,
              err);
      assertThat(out.subList(0, 18)).allSatisfy(f -> assertThat(f.getModelVersion()).isEqualTo(1));
      assertThat(out.subList(18, 30)).allSatisfy(f -> assertThat(f.getModelVersion()).isEqualTo(2));
      assertThat(out.get(29).getSteps()).isEqualTo(10);
    }
    System.out.printf("keep: max |err| vs offline %.2e%n", err[0]);
    assertThat(err[0]).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void resetStartsEveryKeyFromTheZeroState() throws Exception {
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out =
          run(
              h,
              update(v2, StatePolicy.RESET),
              new TestModels.Offline(v1, DEPTH),
              StatePolicy.RESET,
              err);
      assertThat(out.get(18).getSteps()).isEqualTo(1);
      assertThat(out.get(29).getSteps()).isEqualTo(4);
    }
    System.out.printf("reset: max |err| vs offline %.2e%n", err[0]);
    assertThat(err[0]).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void rewarmRebuildsEachStateFromItsRecentObservations() throws Exception {
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out =
          run(
              h,
              update(v2, StatePolicy.REWARM),
              new TestModels.Offline(v1, DEPTH),
              StatePolicy.REWARM,
              err);
      assertThat(out.get(18).getSteps()).isEqualTo(DEPTH + 1);
      assertThat(out.get(18).getModelVersion()).isEqualTo(2);
    }
    System.out.printf("rewarm (depth %d): max |err| vs offline %.2e%n", DEPTH, err[0]);
    assertThat(err[0]).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void keepAcrossDifferentStateShapesIsRefusedAndTheOldModelGoesOnServing() throws Exception {
    ModelArtifact wide = TestModels.writeResized(tmp.resolve("wide"), 3, 12);
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out =
          run(h, update(wide, StatePolicy.KEEP), new TestModels.Offline(v1, DEPTH), null, err);
      assertThat(out).allSatisfy(f -> assertThat(f.getModelVersion()).isEqualTo(1));
      List<DeadLetter> refused = values(h.getSideOutput(LstmForecastOperator.REFUSED));
      assertThat(refused)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.INVALID_MODEL_UPDATE);
                assertThat(d.getTopic()).isEqualTo("model-updates");
                assertThat(d.getOffset()).isEqualTo(7);
                assertThat(d.getMessage())
                    .contains("policy keep needs the same state shape", "H=8", "H=12");
              });
    }
    assertThat(err[0]).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void anUpdateNamingAMissingArtifactIsRefused() throws Exception {
    ModelUpdateEvent u = update(v2, StatePolicy.RESET);
    u.update.setArtifactUri(tmp.resolve("nowhere").toUri().toString());
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out = run(h, u, new TestModels.Offline(v1, DEPTH), null, err);
      assertThat(out).allSatisfy(f -> assertThat(f.getModelVersion()).isEqualTo(1));
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .singleElement()
          .satisfies(d -> assertThat(d.getMessage()).contains("cannot load", "nowhere"));
    }
  }

  @Test
  void anUpdateEventWithNeitherAnUpdateNorAReasonChangesNothing() throws Exception {
    double[] err = {0};
    try (var h = harness(config())) {
      List<Forecast> out =
          run(h, new ModelUpdateEvent(), new TestModels.Offline(v1, DEPTH), null, err);
      assertThat(out).hasSize(30).allSatisfy(f -> assertThat(f.getModelVersion()).isEqualTo(1));
    }
    assertThat(err[0]).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void anUpdateWhoseArtifactDiffersFromThePromotedOneIsRefused() throws Exception {
    ModelUpdateEvent u = update(v2, StatePolicy.KEEP);
    u.update.setManifestSha256("0".repeat(64));
    double[] err = {0};
    try (var h = harness(config())) {
      run(h, u, new TestModels.Offline(v1, DEPTH), null, err);
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .singleElement()
          .satisfies(d -> assertThat(d.getMessage()).contains("not the promoted"));
    }
  }

  @Test
  void rewarmIsRefusedWhenTheJobKeepsNoRecentObservations() throws Exception {
    ForecastOperatorConfig noDepth = config().toBuilder().setRewarmDepth(0).build();
    double[] err = {0};
    try (var h = harness(noDepth)) {
      run(h, update(v2, StatePolicy.REWARM), new TestModels.Offline(v1), null, err);
      assertThat(values(h.getSideOutput(LstmForecastOperator.REFUSED)))
          .singleElement()
          .satisfies(d -> assertThat(d.getMessage()).contains("rewarm needs"));
    }
  }

  @Test
  void aRestoredOperatorServesTheSwitchedModelAndKeepsItsChain() throws Exception {
    OperatorSubtaskState snapshot;
    TestModels.Offline oracle = new TestModels.Offline(v1, DEPTH);
    try (var h = harness(config())) {
      h.open();
      for (ObservationEvent e : days(0, 3)) {
        h.processElement1(record(e));
        oracle.step(e.observation);
      }
      h.processElement2(new StreamRecord<>(update(v2, StatePolicy.KEEP)));
      oracle.switchTo(v2, StatePolicy.KEEP);
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(config())) {
      h.initializeState(snapshot);
      h.open();
      double max = 0;
      List<ObservationEvent> next = days(3, 6);
      for (ObservationEvent e : next) {
        h.processElement1(record(e));
      }
      h.endInput1();
      List<Forecast> out = h.extractOutputValues();
      for (int i = 0; i < next.size(); i++) {
        float[] want = oracle.step(next.get(i).observation);
        assertThat(out.get(i).getModelVersion()).isEqualTo(2);
        for (int j = 0; j < want.length; j++) {
          max = Math.max(max, Math.abs(want[j] - out.get(i).getValues().get(j)));
        }
      }
      System.out.printf("restored after a switch: max |err| %.2e%n", max);
      assertThat(max).isLessThanOrEqualTo(TOLERANCE);
    }
  }
}
