package io.statecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.SpecJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CadenceTest {

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void namesAndPeriodsParseAndPrintBack() {
    assertThat(Cadence.parse("hourly")).isEqualTo(Cadence.HOURLY);
    assertThat(Cadence.parse(" Weekly ")).isEqualTo(Cadence.WEEKLY);
    assertThat(Cadence.parse("monthly").label()).isEqualTo("monthly");
    assertThat(Cadence.parse("PT15M"))
        .isEqualTo(new Cadence(Cadence.Kind.FIXED, Duration.ofMinutes(15)));
    assertThat(Cadence.parse("pt15m").label()).isEqualTo("PT15M");
    assertThat(Cadence.parse("PT24H")).isEqualTo(Cadence.DAILY);
    assertThat(Cadence.parse("P7D")).isEqualTo(Cadence.WEEKLY);
    assertThatThrownBy(() -> Cadence.parse("fortnightly"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hourly, daily, weekly, monthly or a period like PT15M");
    assertThatThrownBy(() -> Cadence.parse("PT0S")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cadence(Cadence.Kind.DAILY, Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSeasonalPeriodOfEachCadence() {
    assertThat(Cadence.HOURLY.seasonalPeriod()).isEqualTo(24);
    assertThat(Cadence.DAILY.seasonalPeriod()).isEqualTo(7);
    assertThat(Cadence.WEEKLY.seasonalPeriod()).isEqualTo(52);
    assertThat(Cadence.MONTHLY.seasonalPeriod()).isEqualTo(12);
    assertThat(Cadence.parse("PT15M").seasonalPeriod()).isEqualTo(96); // a day
    assertThat(Cadence.parse("PT7H").seasonalPeriod()).isEqualTo(24); // a week
    assertThat(Cadence.parse("P14D").seasonalPeriod()).isEqualTo(26); // a year
  }

  @Test
  void periodsBetweenTwoTimes() {
    assertThat(Cadence.HOURLY.periods(at("2021-03-04T10:00:00Z"), at("2021-03-04T13:30:00Z")))
        .isEqualTo(3.5);
    assertThat(Cadence.WEEKLY.periods(at("2020-12-28T00:00:00Z"), at("2021-01-11T00:00:00Z")))
        .isEqualTo(2.0);
    // calendar months: exactly 1 from the first of a month to the next, whatever its length
    assertThat(Cadence.MONTHLY.periods(at("2021-02-01T00:00:00Z"), at("2021-03-01T00:00:00Z")))
        .isCloseTo(1.0, within(1e-12));
    assertThat(Cadence.MONTHLY.periods(at("2021-01-01T00:00:00Z"), at("2021-04-01T00:00:00Z")))
        .isCloseTo(3.0, within(1e-12));
    assertThat(Cadence.MONTHLY.periods(at("2020-12-15T00:00:00Z"), at("2021-01-15T00:00:00Z")))
        .isCloseTo(1.0 + (14.0 / 31 - 14.0 / 31), within(1e-12));
    assertThat(Cadence.MONTHLY.periods(at("2021-02-01T00:00:00Z"), at("2021-02-15T00:00:00Z")))
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void eachCadenceHasItsCalendarFeatures() {
    assertThat(Cadence.HOURLY.calendar())
        .containsExactly(
            FeatureKind.HOUR_OF_DAY_SIN,
            FeatureKind.HOUR_OF_DAY_COS,
            FeatureKind.DAY_OF_WEEK_SIN,
            FeatureKind.DAY_OF_WEEK_COS);
    assertThat(Cadence.DAILY.calendar())
        .containsExactly(
            FeatureKind.DAY_OF_WEEK_SIN,
            FeatureKind.DAY_OF_WEEK_COS,
            FeatureKind.DAY_OF_YEAR_SIN,
            FeatureKind.DAY_OF_YEAR_COS);
    assertThat(Cadence.WEEKLY.calendar())
        .containsExactly(FeatureKind.DAY_OF_YEAR_SIN, FeatureKind.DAY_OF_YEAR_COS);
    assertThat(Cadence.MONTHLY.calendar())
        .containsExactly(FeatureKind.MONTH_OF_YEAR_SIN, FeatureKind.MONTH_OF_YEAR_COS);
    assertThat(Cadence.parse("PT15M").calendar()).isEqualTo(Cadence.HOURLY.calendar());
    assertThat(Cadence.parse("P2D").calendar()).isEqualTo(Cadence.DAILY.calendar());
  }

  private static ModelSpec spec(Cadence cadence) {
    return new ModelSpec(
        null,
        "c",
        1,
        null,
        new InputSpec(List.of(new FeatureSpec("value", FeatureKind.TARGET, 0, 0, 1)), cadence),
        CellSpec.fused(2),
        new StackSpec(1, null),
        new HeadSpec(1, 0, 0));
  }

  @Test
  void theModelJsonStoresTheCadenceAndReadsItBack() throws ArtifactException {
    for (Cadence c :
        new Cadence[] {Cadence.HOURLY, Cadence.WEEKLY, Cadence.MONTHLY, Cadence.parse("PT15M")}) {
      String json = SpecJson.write(spec(c));
      assertThat(json).contains("\"cadence\" : \"" + c.label() + "\"");
      assertThat(SpecJson.parse(json, "m").inputs().cadence()).isEqualTo(c);
    }
  }

  @Test
  void aModelJsonWithoutCadenceReadsAsDaily() throws ArtifactException {
    String json = SpecJson.write(spec(Cadence.WEEKLY));
    String old = json.replaceAll(",\\s*\"cadence\" : \"weekly\"", "");
    assertThat(old).doesNotContain("cadence");
    assertThat(SpecJson.parse(old, "old").inputs().cadence()).isEqualTo(Cadence.DAILY);
    assertThatThrownBy(() -> SpecJson.parse(json.replace("\"weekly\"", "\"yearly\""), "m"))
        .hasMessageContaining("unknown cadence 'yearly'");
  }
}
