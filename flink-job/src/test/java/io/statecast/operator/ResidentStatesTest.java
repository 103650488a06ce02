package io.statecast.operator;

import static io.statecast.operator.LstmForecastOperatorTest.harness;
import static io.statecast.operator.LstmForecastOperatorTest.maxErrorAgainstOffline;
import static io.statecast.operator.LstmForecastOperatorTest.record;
import static io.statecast.operator.LstmForecastOperatorTest.runToEnd;
import static io.statecast.operator.LstmForecastOperatorTest.stream;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Forecast;
import io.statecast.batch.KeyState;
import io.statecast.batch.Residency;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator with states resident on the DJL kernel's device (here the CPU device: the same
 * table, gathers and scatters as on a GPU) against the offline oracle: forecasts, evictions,
 * write-back before snapshots on both backends, small waves on the host, state TTL.
 */
class ResidentStatesTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;
  private ModelArtifact artifact;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.write(tmp.resolve("model"));
  }

  private ForecastOperatorConfig resident(int batch, int capacity, int minDeviceBatch) {
    return ForecastOperatorConfig.builder(artifact.directory().toString())
        .setBatch(batch, Duration.ofMillis(50))
        .setResidency(new Residency(capacity, minDeviceBatch))
        .setKernels(Engine.of(EngineKind.DJL))
        .build();
  }

  @Test
  void residentStatesGiveEveryKeyTheForecastsOfSteppingItOffline() throws Exception {
    List<ObservationEvent> events = stream(1);
    List<Forecast> out = runToEnd(resident(16, 64, 0), events);
    assertThat(out).hasSize(events.size());
    double err = maxErrorAgainstOffline(artifact, events, out);
    System.out.printf("resident, 40 keys in 64 slots: max |err| vs offline %.2e%n", err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void keysEvictedToMakeRoomComeBackWithTheirStates() throws Exception {
    List<ObservationEvent> events = stream(2);
    List<Forecast> out = runToEnd(resident(8, 8, 0), events); // 40 keys through 8 slots
    assertThat(out).hasSize(events.size());
    assertThat(out.stream().filter(f -> f.getKey().equals("key-7")).map(Forecast::getSteps))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    double err = maxErrorAgainstOffline(artifact, events, out);
    System.out.printf("resident, 40 keys through 8 slots: max |err| vs offline %.2e%n", err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  /**
   * Phase 1: 40 keys, flushes of 16 distinct keys, on the device; phase 2: 3 keys only, so every
   * flush has fewer than 6 keys and steps on the host, the keys' newest states read back from the
   * device first; a snapshot in the middle of phase 2, restored without residency; phase 3: all 40
   * keys again, so the 3 keys go back to the device from their host records.
   */
  @ParameterizedTest(name = "rocksDb={0}")
  @ValueSource(booleans = {false, true})
  void smallFlushesStepOnTheHostAndKeysMoveBetweenHostAndDevice(boolean rocksDb) throws Exception {
    List<ObservationEvent> phase1 = days(0, 40, 0, 4);
    List<ObservationEvent> phase2a = days(0, 3, 4, 7);
    List<ObservationEvent> phase2b = days(0, 3, 7, 10);
    List<ObservationEvent> phase3 = days(0, 40, 10, 13);
    ForecastOperatorConfig hybrid = resident(16, 64, 6);
    List<Forecast> out = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness(hybrid)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      for (List<ObservationEvent> part : List.of(phase1, phase2a)) {
        for (ObservationEvent e : part) {
          h.processElement1(record(e));
        }
      }
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      for (List<ObservationEvent> part : List.of(phase2b, phase3)) {
        for (ObservationEvent e : part) {
          h.processElement1(record(e));
        }
      }
      h.endInput1();
      out.addAll(h.extractOutputValues());
    }
    List<ObservationEvent> all = new ArrayList<>();
    for (List<ObservationEvent> part : List.of(phase1, phase2a, phase2b, phase3)) {
      all.addAll(part);
    }
    assertThat(out).hasSize(all.size());
    double err = maxErrorAgainstOffline(artifact, all, out);
    List<Forecast> restored = new ArrayList<>();
    try (var h =
        harness(
            ForecastOperatorConfig.builder(artifact.directory().toString())
                .setBatch(16, Duration.ofMillis(50))
                .setKernels(Engine.of(EngineKind.DJL))
                .build())) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      for (List<ObservationEvent> part : List.of(phase2b, phase3)) {
        for (ObservationEvent e : part) {
          h.processElement1(record(e));
        }
      }
      h.endInput1();
      restored.addAll(h.extractOutputValues());
    }
    double errRestored = maxErrorAgainstOffline(artifact, all, restored);
    System.out.printf(
        "device, host, device (%s): max |err| vs offline %.2e; restored mid-host-phase %.2e%n",
        rocksDb ? "RocksDB" : "heap", err, errRestored);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
    assertThat(restored).hasSize(phase2b.size() + phase3.size());
    assertThat(errRestored).isLessThanOrEqualTo(TOLERANCE);
  }

  /** Keys {@code [k0, k1)} × days {@code [d0, d1)}, day by day across keys. */
  private static List<ObservationEvent> days(int k0, int k1, int d0, int d1) {
    List<ObservationEvent> out = new ArrayList<>();
    for (int d = d0; d < d1; d++) {
      for (int k = k0; k < k1; k++) {
        out.add(event("key-" + k, d, (float) (10 + Math.sin(k + 0.7 * d)), 1000L * d + k));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "rocksDb={0}")
  @ValueSource(booleans = {false, true})
  void aSnapshotHoldsTheResidentStatesAndARestoreContinuesExactly(boolean rocksDb)
      throws Exception {
    List<ObservationEvent> events = stream(4);
    int cut = events.size() / 2;
    List<Forecast> out = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = harness(resident(7, 16, 0))) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      for (ObservationEvent e : events.subList(0, cut)) {
        h.processElement1(record(e));
      }
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      out.addAll(h.extractOutputValues());
    }
    // restored without residency: what the snapshot holds must be the true states
    ForecastOperatorConfig plain =
        ForecastOperatorConfig.builder(artifact.directory().toString())
            .setBatch(7, Duration.ofMillis(50))
            .setKernels(Engine.of(EngineKind.DJL))
            .build();
    try (var h = harness(plain)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      for (ObservationEvent e : events.subList(cut, events.size())) {
        h.processElement1(record(e));
      }
      h.endInput1();
      out.addAll(h.extractOutputValues());
    }
    assertThat(out).hasSize(events.size());
    double err = maxErrorAgainstOffline(artifact, events, out);
    System.out.printf(
        "resident snapshot (%s) restored without residency: max |err| vs offline %.2e%n",
        rocksDb ? "RocksDB" : "heap", err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void theStateOfAKeyReadFromFlinkStateIsTheResidentOne() throws Exception {
    List<ObservationEvent> events = stream(5);
    KeyState plainState;
    KeyState residentState;
    ForecastOperatorConfig plain =
        ForecastOperatorConfig.builder(artifact.directory().toString())
            .setBatch(16, Duration.ofMillis(50))
            .setKernels(Engine.of(EngineKind.DJL))
            .build();
    try (var h = harness(plain)) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(record(e));
      }
      h.endInput1();
      plainState = ((LstmForecastOperator) h.getOperator()).stateOf("key-3");
    }
    try (var h = harness(resident(16, 64, 0))) {
      h.open();
      for (ObservationEvent e : events) {
        h.processElement1(record(e));
      }
      h.endInput1();
      residentState = ((LstmForecastOperator) h.getOperator()).stateOf("key-3");
    }
    assertThat(residentState.steps).isEqualTo(plainState.steps).isEqualTo(15);
    double err = 0;
    for (int i = 0; i < plainState.state.length; i++) {
      err = Math.max(err, Math.abs(plainState.state[i] - residentState.state[i]));
    }
    System.out.printf("key-3's state, resident vs not: max |err| %.2e%n", err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void aKeyWhoseStateExpiredStartsAgainFromZeroWhileStillResident() throws Exception {
    ForecastOperatorConfig plain =
        ForecastOperatorConfig.builder(artifact.directory().toString())
            .setBatch(2, Duration.ofMillis(50))
            .optStateTtl(Duration.ofSeconds(10))
            .setKernels(Engine.of(EngineKind.DJL))
            .build();
    ForecastOperatorConfig resident = plain.toBuilder().setResidency(new Residency(4, 0)).build();
    List<List<Forecast>> outs = new ArrayList<>();
    for (ForecastOperatorConfig c : List.of(plain, resident)) {
      try (var h = harness(c)) {
        h.open();
        h.setStateTtlProcessingTime(0);
        h.processElement1(record(event("a", 1, 4, 1)));
        h.processElement1(record(event("a", 2, 6, 2)));
        h.setStateTtlProcessingTime(20_000); // "a" expires
        h.processElement1(record(event("a", 3, 8, 3)));
        h.processElement1(record(event("b", 3, 1, 4)));
        h.endInput1();
        outs.add(h.extractOutputValues());
      }
    }
    assertThat(outs.get(1)).extracting(Forecast::getSteps).containsExactly(1L, 2L, 1L, 1L);
    assertThat(outs.get(1))
        .extracting(Forecast::getSteps)
        .isEqualTo(outs.get(0).stream().map(Forecast::getSteps).toList());
    double err = 0;
    for (int i = 0; i < outs.get(0).size(); i++) {
      List<Float> a = outs.get(0).get(i).getValues();
      List<Float> b = outs.get(1).get(i).getValues();
      for (int j = 0; j < a.size(); j++) {
        err = Math.max(err, Math.abs(a.get(j) - b.get(j)));
      }
    }
    System.out.printf("TTL restart, resident vs not: max |err| %.2e%n", err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void residencyIsRefusedWhereItCannotWork() {
    ForecastOperatorConfig base =
        ForecastOperatorConfig.builder("model")
            .setBatch(64, Duration.ofMillis(5))
            .setKernels(Engine.of(EngineKind.DJL))
            .build();
    assertThatThrownBy(() -> base.toBuilder().setResidency(new Residency(32, 0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least the batch size (64)");
    assertThatThrownBy(
            () ->
                base.toBuilder()
                    .setKernels(new Engine(EngineKind.FAST, 1, false))
                    .setResidency(new Residency(1024, 0))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need the djl engine");
    assertThatThrownBy(() -> new Residency(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Residency(0, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only applies to resident states");
  }
}
