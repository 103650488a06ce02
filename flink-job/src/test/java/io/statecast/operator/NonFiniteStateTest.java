package io.statecast.operator;

import static io.statecast.operator.LstmForecastOperatorTest.record;
import static io.statecast.operator.LstmForecastOperatorTest.settle;
import static io.statecast.operator.LstmForecastOperatorTest.values;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.batch.Residency;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.TestModels;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record whose step leaves its key's state non-finite — {@code 3e38} into a model whose target is
 * scaled by a standard deviation of 0.5: the input overflows to infinity, and so do the
 * autoregressive window and the gates' sums — is answered thus: the state is reset to the model's
 * initial one, the record becomes a dead letter {@code NON_FINITE_STATE} with its original bytes
 * and no forecast, {@code nonFiniteStates} counts it; the key's later records forecast as a fresh
 * state would (the offline oracle, reset at that record), and the other keys of the same batches
 * are unchanged. Steps inline and on the kernel thread.
 */
class NonFiniteStateTest {

  private static final double TOLERANCE = 1e-5;
  private static final float ABSURD = 3e38f;

  @TempDir Path tmp;
  private ModelArtifact artifact;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.writeNarrowTarget(tmp.resolve("model"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"inline", "overlapped", "resident"})
  void anAbsurdValueResetsOnlyItsKeyAndBecomesADeadLetter(String mode) throws Exception {
    List<ObservationEvent> events = new ArrayList<>();
    long offset = 0;
    for (int day = 0; day < 12; day++) {
      for (String key : List.of("a", "b", "c", "bad")) {
        float value = key.equals("bad") && day == 5 ? ABSURD : 10 + day % 3 + key.length();
        events.add(event(key, day, value, offset++));
      }
    }
    ObservationEvent trigger =
        events.stream()
            .filter(e -> e.key().equals("bad") && e.observation.getTarget() == ABSURD)
            .findFirst()
            .orElseThrow();
    ForecastOperatorConfig.Builder builder =
        ForecastOperatorConfig.builder(artifact.directory().toString())
            .setBatch(8, Duration.ofMillis(50))
            .setOverlapSteps(mode.equals("overlapped"));
    if (mode.equals("resident")) { // every flush on the device: checked on a non-finite forecast
      builder.setKernels(Engine.of(EngineKind.DJL)).setResidency(new Residency(64, 0));
    }
    ForecastOperatorConfig config = builder.build();

    List<Forecast> out;
    List<DeadLetter> refused;
    LstmForecastOperator op;
    try (var h = LstmForecastOperatorTest.harness(config)) {
      h.open();
      op = (LstmForecastOperator) h.getOperator();
      for (ObservationEvent e : events) {
        h.processElement1(record(e));
      }
      h.endInput1();
      settle(h);
      out = h.extractOutputValues();
      refused = values(h.getSideOutput(LstmForecastOperator.REFUSED));
      assertThat(op.stateOf("bad").steps).as("steps of 'bad' since its reset").isEqualTo(6);
    }

    assertThat(refused).hasSize(1);
    DeadLetter d = refused.get(0);
    assertThat(d.getKind()).isEqualTo(ErrorKind.NON_FINITE_STATE);
    assertThat(d.getMessage()).contains("'bad'");
    assertThat(d.getOffset()).isEqualTo(trigger.offset);
    assertThat(d.getPayload()).isEqualTo(ByteBuffer.wrap(trigger.payload));
    OperatorMetrics m = op.metrics();
    assertThat(m.nonFiniteStates.getCount()).isEqualTo(1);
    assertThat(m.deadLetters.of(ErrorKind.NON_FINITE_STATE)).isEqualTo(1);
    assertThat(m.deadLetters.total()).isEqualTo(1);
    assertThat(m.forecastsOut.getCount()).isEqualTo(events.size() - 1);

    assertThat(out).hasSize(events.size() - 1);
    assertThat(out)
        .noneMatch(f -> f.getKey().equals("bad") && f.getEventTime() == trigger.eventTime());
    assertThat(maxErrorAgainstResetOracle(events, trigger, out)).isLessThanOrEqualTo(TOLERANCE);
    assertThat(
            out.stream()
                .filter(f -> f.getKey().equals("bad") && f.getEventTime() > trigger.eventTime())
                .map(Forecast::getSteps))
        .as("the reset key counts its steps from its reset")
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  /**
   * The largest difference from the offline oracle in which the trigger's key is reset (not
   * stepped) at the trigger: every other key stepped as if nothing happened.
   */
  private double maxErrorAgainstResetOracle(
      List<ObservationEvent> events, ObservationEvent trigger, List<Forecast> out)
      throws Exception {
    TestModels.Offline offline = new TestModels.Offline(artifact);
    Map<String, float[]> expected = new HashMap<>();
    for (ObservationEvent e : events) {
      if (e == trigger) {
        offline.resetAt(e.observation);
        continue;
      }
      expected.put(e.key() + "@" + e.eventTime(), offline.step(e.observation));
    }
    double max = 0;
    for (Forecast f : out) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("forecast for an unexpected event").isNotNull();
      for (int j = 0; j < want.length; j++) {
        max = Math.max(max, Math.abs(want[j] - f.getValues().get(j)));
      }
    }
    return max;
  }
}
