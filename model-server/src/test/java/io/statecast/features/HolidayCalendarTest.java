package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import io.statecast.model.Cadence;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.StackSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The holiday calendars against dates from the countries' official holiday lists (US federal
 * holidays, German and Baden-Württemberg public holidays, Irish public holidays).
 */
class HolidayCalendarTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void knowsFixedWeekdayAndEasterRelativeHolidays() {
    HolidayCalendar us = HolidayCalendar.of("US");
    assertThat(us.isHoliday(LocalDate.of(2024, 7, 4))).isTrue();
    assertThat(us.isHoliday(LocalDate.of(2024, 11, 28))).isTrue(); // fourth Thursday of November
    assertThat(us.isHoliday(LocalDate.of(2024, 5, 27))).isTrue(); // last Monday of May
    assertThat(us.isHoliday(LocalDate.of(2024, 7, 5))).isFalse();
    HolidayCalendar bw = HolidayCalendar.of("de-bw");
    assertThat(bw.code()).isEqualTo("DE-BW");
    assertThat(bw.isHoliday(LocalDate.of(2024, 3, 29))).isTrue(); // Good Friday
    assertThat(bw.isHoliday(LocalDate.of(2024, 5, 30))).isTrue(); // Corpus Christi in BW
    assertThat(bw.isHoliday(LocalDate.of(2024, 1, 6))).isTrue(); // Epiphany in BW
    HolidayCalendar berlin = HolidayCalendar.of("DE-BE");
    assertThat(berlin.isHoliday(LocalDate.of(2024, 5, 30))).isFalse();
    assertThat(berlin.isHoliday(LocalDate.of(2024, 10, 3))).isTrue(); // German Unity Day
    HolidayCalendar ie = HolidayCalendar.of("IE");
    assertThat(ie.isHoliday(LocalDate.of(2024, 3, 17))).isTrue(); // St Patrick's Day
  }

  @Test
  void aHolidayMovedOffAWeekendCountsOnBothDays() {
    HolidayCalendar us = HolidayCalendar.of("US");
    // 4 July 2021 was a Sunday, observed on Monday 5 July
    assertThat(us.isHoliday(LocalDate.of(2021, 7, 4))).isTrue();
    assertThat(us.isHoliday(LocalDate.of(2021, 7, 5))).isTrue();
  }

  @Test
  void countsTheHolidaysOfThePeriodAheadAtEveryCadence() {
    HolidayCalendar bw = HolidayCalendar.of("DE-BW");
    long monday2024w52 = millis("2024-12-23T00:00:00Z");
    assertThat(bw.countAhead(Cadence.WEEKLY, monday2024w52, 0)).isEqualTo(2); // 25, 26 Dec
    assertThat(bw.countAhead(Cadence.WEEKLY, monday2024w52, 1)).isEqualTo(1); // 1 Jan
    assertThat(bw.countAhead(Cadence.WEEKLY, monday2024w52, 2)).isEqualTo(1); // 6 Jan, a Monday
    assertThat(bw.countAhead(Cadence.WEEKLY, monday2024w52, 3)).isZero();
    long dec24 = millis("2024-12-24T12:00:00Z");
    assertThat(bw.countAhead(Cadence.DAILY, dec24, 0)).isZero();
    assertThat(bw.countAhead(Cadence.DAILY, dec24, 1)).isEqualTo(1);
    assertThat(bw.countAhead(Cadence.DAILY, dec24, 2)).isEqualTo(1);
    assertThat(bw.countAhead(Cadence.DAILY, dec24, 3)).isZero();
    assertThat(bw.countAhead(Cadence.HOURLY, millis("2024-12-24T22:00:00Z"), 3)).isEqualTo(1);
    assertThat(bw.countAhead(Cadence.HOURLY, millis("2024-12-24T20:00:00Z"), 3)).isZero();
    // December 2024 in BW: 25 and 26 December; January 2025: 1 and 6 January
    long dec1 = millis("2024-12-01T00:00:00Z");
    assertThat(bw.countAhead(Cadence.MONTHLY, dec1, 0)).isEqualTo(2);
    assertThat(bw.countAhead(Cadence.MONTHLY, dec1, 1)).isEqualTo(2);
    assertThat(bw.countAhead(Cadence.MONTHLY, dec1, 2)).isZero(); // February
  }

  @Test
  void refusesUnknownCalendarsNamingWhatExists() {
    assertThatThrownBy(() -> HolidayCalendar.of("Germany"))
        .hasMessageContaining("is not an ISO 3166 code");
    assertThatThrownBy(() -> HolidayCalendar.of("QQ")).hasMessageContaining("country 'QQ'");
    assertThatThrownBy(() -> HolidayCalendar.of("DE-XX"))
        .hasMessageContaining("no subdivision 'XX'")
        .hasMessageContaining("BW");
  }

  @Test
  void theEncoderFeedsTheTargetPeriodsHolidays() throws InvalidObservationException {
    InputSpec inputs =
        new InputSpec(
            List.of(
                new FeatureSpec("value", FeatureKind.TARGET, 0, 0, 1),
                new FeatureSpec("holidays_0", FeatureKind.HOLIDAYS, 0, 0, 1),
                new FeatureSpec("holidays_1", FeatureKind.HOLIDAYS, 1, 0.5, 0.25)),
            Cadence.DAILY,
            "US");
    ModelSpec spec =
        new ModelSpec(
            null,
            "h",
            1,
            null,
            inputs,
            CellSpec.fused(4),
            new StackSpec(1, null),
            new HeadSpec(1, 0, 0));
    Observation o =
        Observation.newBuilder()
            .setKey("k")
            .setEventTime(millis("2024-07-03T00:00:00Z"))
            .setFeatures(List.of())
            .setTarget(1f)
            .build();
    float[] x = new float[3];
    FeatureEncoder.of(spec).encode(o, FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x).containsExactly(1f, 0f, 2f); // 3 July: no; 4 July: (1 - 0.5) / 0.25
  }

  @Test
  void holidayFeaturesNeedACalendar() {
    assertThatThrownBy(
            () ->
                new InputSpec(
                    List.of(new FeatureSpec("holidays_0", FeatureKind.HOLIDAYS, 0, 0, 1)),
                    Cadence.DAILY))
        .hasMessageContaining("no holiday calendar");
  }
}
