package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationValidatorTest {

  private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  private final ObservationValidator validator =
      new ObservationValidator(ValidationRules.DEFAULTS, 2);

  private static Observation ok() {
    return Observation.newBuilder()
        .setKey("k")
        .setEventTime(NOW - 1000)
        .setFeatures(List.of(1f, 2f))
        .setNamed(Map.of("h", 3f))
        .setTarget(4f)
        .build();
  }

  @Test
  void acceptsAPlainObservation() {
    assertThat(validator.check(ok(), NOW)).isNull();
  }

  @Test
  void refusesMissingAndOversizedKeys() {
    Observation o = ok();
    o.setKey(null);
    assertThat(validator.check(o, NOW).kind()).isEqualTo(ErrorKind.MISSING_KEY);
    o.setKey("  ");
    assertThat(validator.check(o, NOW).reason()).isEqualTo("the key is blank");
    o.setKey("é".repeat(129)); // 258 bytes in UTF-8
    ObservationValidator.Problem p = validator.check(o, NOW);
    assertThat(p.kind()).isEqualTo(ErrorKind.OVERSIZED_KEY);
    assertThat(p.reason()).contains("258 bytes", "limit of 256");
  }

  @Test
  void refusesAbsurdTimes() {
    Observation o = ok();
    o.setEventTime(0L);
    assertThat(validator.check(o, NOW).reason()).contains("Unix epoch");
    o.setEventTime(Instant.parse("1850-01-01T00:00:00Z").toEpochMilli());
    assertThat(validator.check(o, NOW).reason()).contains("before the earliest accepted");
    o.setEventTime(NOW + Duration.ofDays(2).toMillis());
    assertThat(validator.check(o, NOW).kind()).isEqualTo(ErrorKind.ABSURD_TIMESTAMP);
    o.setEventTime(NOW + Duration.ofHours(23).toMillis());
    assertThat(validator.check(o, NOW)).isNull();
  }

  @Test
  void historicalDataSpanningTheEpochCanAcceptTimeZero() {
    Observation o = ok();
    o.setEventTime(0L);
    ObservationValidator historical =
        new ObservationValidator(ValidationRules.builder().setAcceptEpochZero(true).build(), 2);
    assertThat(historical.check(o, NOW)).isNull();
    o.setEventTime(Instant.parse("1850-01-01T00:00:00Z").toEpochMilli());
    assertThat(historical.check(o, NOW).kind()).isEqualTo(ErrorKind.ABSURD_TIMESTAMP);
  }

  @Test
  void refusesNonFiniteAndHugeValuesWhereverTheyAre() {
    Observation o = ok();
    o.setFeatures(List.of(1f, Float.NaN));
    assertThat(validator.check(o, NOW).reason()).isEqualTo("feature 1 is NaN");
    o = ok();
    o.setNamed(Map.of("h", Float.NEGATIVE_INFINITY));
    assertThat(validator.check(o, NOW).reason()).isEqualTo("named feature 'h' is -Infinity");
    o = ok();
    o.setTarget(1e38f);
    ObservationValidator.Problem p = validator.check(o, NOW);
    assertThat(p.kind()).isEqualTo(ErrorKind.NON_FINITE_VALUE);
    assertThat(p.reason()).contains("beyond the accepted magnitude");
  }

  @Test
  void wantsExactlyTheFeaturesTheModelReads() {
    Observation o = ok();
    o.setFeatures(List.of(1f, 2f, 3f));
    assertThat(validator.check(o, NOW).reason())
        .isEqualTo("the observation has 3 features; the model expects 2");
    ObservationValidator lenient =
        new ObservationValidator(ValidationRules.builder().setExpectedFeatureCount(3).build(), 2);
    assertThat(lenient.check(o, NOW)).isNull();
  }
}
