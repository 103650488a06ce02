package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.StackSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {

  private static final long MONDAY_2024_01_01 =
      Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  private final ModelSpec spec =
      new ModelSpec(
          null,
          "enc",
          1,
          null,
          new InputSpec(
              List.of(
                  new FeatureSpec("value", FeatureKind.TARGET, 0, 10.0, 2.0),
                  new FeatureSpec("temp", FeatureKind.FEATURE, 1, 0.0, 1.0),
                  new FeatureSpec("humidity", FeatureKind.NAMED, 0, 50.0, 10.0),
                  new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0, 1),
                  new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0, 1),
                  new FeatureSpec("doy_sin", FeatureKind.DAY_OF_YEAR_SIN, 0, 0, 1),
                  new FeatureSpec("gap", FeatureKind.GAP_DAYS, 0, 1.0, 0.5))),
          CellSpec.fused(4),
          new StackSpec(1, null),
          new HeadSpec(2, 0, 0));

  private final FeatureEncoder encoder = FeatureEncoder.of(spec);

  @Test
  void scalesEveryKindOfFeature() throws InvalidObservationException {
    Observation o = observation(MONDAY_2024_01_01 + 2 * 86_400_000L, List.of(0f, 3f), 14f);
    float[] x = new float[8];
    encoder.encode(o, MONDAY_2024_01_01, x, 1);
    assertThat(x[0]).isZero();
    assertThat(x[1]).isEqualTo(2f); // (14 - 10) / 2
    assertThat(x[2]).isEqualTo(3f);
    assertThat(x[3]).isEqualTo(-2f); // (30 - 50) / 10
    assertThat((double) x[4]).isCloseTo(Math.sin(2 * Math.PI * 2 / 7), within(1e-6)); // Wednesday
    assertThat((double) x[5]).isCloseTo(Math.cos(2 * Math.PI * 2 / 7), within(1e-6));
    assertThat((double) x[6]).isCloseTo(Math.sin(2 * Math.PI * 2 / 365.25), within(1e-6)); // Jan 3
    assertThat(x[7]).isEqualTo(2f); // (2 days - 1) / 0.5
  }

  @Test
  void theFirstObservationOfAKeyHasANeutralGap() throws InvalidObservationException {
    float[] x = new float[7];
    encoder.encode(
        observation(MONDAY_2024_01_01, List.of(0f, 3f), 14f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x[6]).isZero();
  }

  @Test
  void forecastsComeBackInTargetUnits() {
    float[] out = new float[3];
    encoder.forecastToUnits("k", new float[] {9f, 1f, -0.5f}, 1, 2, out, 1);
    assertThat(out).containsExactly(0f, 12f, 9f);
  }

  @Test
  void refusesWhatTheModelCannotUse() {
    float[] x = new float[7];
    assertThatThrownBy(() -> encoder.encode(observation(0, List.of(1f), 1f), 0, x, 0))
        .isInstanceOfSatisfying(
            InvalidObservationException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.WRONG_FEATURE_COUNT))
        .hasMessageContaining("reads 2 positional features, the observation has 1");
    assertThatThrownBy(() -> encoder.encode(observation(0, List.of(1f, Float.NaN), 1f), 0, x, 0))
        .isInstanceOfSatisfying(
            InvalidObservationException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.NON_FINITE_VALUE))
        .hasMessageContaining("feature 'temp' is NaN");
    assertThatThrownBy(() -> encoder.encode(observation(0, List.of(1f, 2f), null), 0, x, 0))
        .hasMessageContaining("reads the target, the observation has none");
    Observation noNamed = observation(0, List.of(1f, 2f), 1f);
    noNamed.setNamed(Map.of());
    assertThatThrownBy(() -> encoder.encode(noNamed, 0, x, 0))
        .hasMessageContaining("no named feature 'humidity'");
  }

  @Test
  void calendarIsUtcWithMondayZero() {
    assertThat(FeatureEncoder.dayOfWeek(MONDAY_2024_01_01)).isZero();
    assertThat(FeatureEncoder.dayOfWeek(0)).isEqualTo(3);
    assertThat(FeatureEncoder.dayOfWeek(-1)).isEqualTo(2);
    assertThat(FeatureEncoder.dayOfYear(MONDAY_2024_01_01 + 365L * 86_400_000L)).isEqualTo(366);
  }

  private static Observation observation(long time, List<Float> features, Float target) {
    return Observation.newBuilder()
        .setKey("k")
        .setEventTime(time)
        .setFeatures(features)
        .setNamed(Map.of("humidity", 30f))
        .setTarget(target)
        .build();
  }

  @Test
  void hourlyAndMonthlyCalendarFeaturesAndTheGapInPeriods() throws InvalidObservationException {
    java.util.function.Function<io.statecast.model.Cadence, FeatureEncoder> enc =
        c ->
            FeatureEncoder.of(
                new ModelSpec(
                    null,
                    "cadence",
                    1,
                    null,
                    new InputSpec(
                        List.of(
                            new FeatureSpec("hod_sin", FeatureKind.HOUR_OF_DAY_SIN, 0, 0, 1),
                            new FeatureSpec("hod_cos", FeatureKind.HOUR_OF_DAY_COS, 0, 0, 1),
                            new FeatureSpec("moy_sin", FeatureKind.MONTH_OF_YEAR_SIN, 0, 0, 1),
                            new FeatureSpec("moy_cos", FeatureKind.MONTH_OF_YEAR_COS, 0, 0, 1),
                            new FeatureSpec("gap", FeatureKind.GAP_PERIODS, 0, 1.0, 1.0)),
                        c),
                    CellSpec.fused(4),
                    new StackSpec(1, null),
                    new HeadSpec(1, 0, 0)));
    long mar1At0630 = java.time.Instant.parse("2024-03-01T06:30:00Z").toEpochMilli();
    long feb1At0630 = java.time.Instant.parse("2024-02-01T06:30:00Z").toEpochMilli();
    float[] x = new float[5];
    enc.apply(io.statecast.model.Cadence.MONTHLY)
        .encode(observation(mar1At0630, List.of(), 1f), feb1At0630, x, 0);
    assertThat((double) x[0]).isCloseTo(Math.sin(2 * Math.PI * 6.5 / 24), within(1e-6));
    assertThat((double) x[1]).isCloseTo(Math.cos(2 * Math.PI * 6.5 / 24), within(1e-6));
    assertThat((double) x[2]).isCloseTo(Math.sin(2 * Math.PI * 2 / 12), within(1e-6)); // March
    assertThat((double) x[3]).isCloseTo(Math.cos(2 * Math.PI * 2 / 12), within(1e-6));
    // one calendar month, (1 - 1) / 1, but for 06:30 being a smaller part of March than of February
    double expected = 6.5 / 24 * (1.0 / 31 - 1.0 / 29);
    assertThat((double) x[4]).isCloseTo(expected, within(1e-6));
    enc.apply(io.statecast.model.Cadence.HOURLY)
        .encode(observation(mar1At0630, List.of(), 1f), mar1At0630 - 3 * 3_600_000L, x, 0);
    assertThat((double) x[4]).isCloseTo(2.0, within(1e-6)); // 3 hours: (3 - 1) / 1
  }
}
