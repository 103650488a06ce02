package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Forecast;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WindowSpec;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A window stack ({@code stack.window}) streams through the operator unchanged: its span (the key's
 * last inputs and forward outputs) is part of the packed state the operator keeps as an opaque
 * {@code float[]}, so 40 keys × 15 days with a window of 4, snapshot and restored half-way on the
 * heap and on RocksDB, forecast as each key stepped offline without interruption.
 */
class WindowStackOperatorTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  @ParameterizedTest(name = "RocksDB {0}")
  @ValueSource(booleans = {false, true})
  void aWindowStacksSpanSurvivesSnapshotAndRestore(boolean rocksDb) throws Exception {
    ModelSpec base = TestModels.spec();
    ModelSpec spec =
        new ModelSpec(
            base.format(),
            "window-model",
            1,
            "window of 4",
            base.inputs(),
            base.cell(),
            new StackSpec(2, null, null, new WindowSpec(4)),
            base.head());
    ModelArtifact artifact =
        ModelArtifact.write(tmp.resolve("model"), RandomWeights.of(spec, 17), Map.of());
    ForecastOperatorConfig config =
        ForecastOperatorConfig.builder(artifact.directory().toString())
            .setBatch(7, Duration.ofMillis(50))
            .build();
    List<ObservationEvent> events = LstmForecastOperatorTest.stream(3);
    int cut = events.size() / 2;
    List<Forecast> out = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = LstmForecastOperatorTest.harness(config)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.open();
      for (ObservationEvent e : events.subList(0, cut)) {
        h.processElement1(LstmForecastOperatorTest.record(e));
      }
      h.prepareSnapshotPreBarrier(1);
      snapshot = h.snapshot(1, 1);
      out.addAll(h.extractOutputValues());
    }
    try (var h = LstmForecastOperatorTest.harness(config)) {
      if (rocksDb) {
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
      }
      h.initializeState(snapshot);
      h.open();
      for (ObservationEvent e : events.subList(cut, events.size())) {
        h.processElement1(LstmForecastOperatorTest.record(e));
      }
      h.endInput1();
      out.addAll(h.extractOutputValues());
    }
    assertThat(out).hasSize(events.size());
    double err = LstmForecastOperatorTest.maxErrorAgainstOffline(artifact, events, out);
    System.out.printf(
        "window stack, snapshot/restore (%s): %d forecasts, max |err| vs offline %.2e%n",
        rocksDb ? "RocksDB" : "heap", out.size(), err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }
}
