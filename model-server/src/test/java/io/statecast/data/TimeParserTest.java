package io.statecast.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeParserTest {

  private static final TimeParser AUTO = TimeParser.DEFAULT;

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    // ISO dates: midnight UTC
    "2024-01-31, 2024-01-31T00:00:00Z",
    // ISO week dates (week 1 holds the year's first Thursday; day 1 is Monday)
    "2001-W01, 2001-01-01T00:00:00Z",
    "2001-W01-3, 2001-01-03T00:00:00Z",
    "2020-W53, 2020-12-28T00:00:00Z",
    "2020-W53-5, 2021-01-01T00:00:00Z",
    "2020-W53-7, 2021-01-03T00:00:00Z",
    "2021-W01, 2021-01-04T00:00:00Z",
    "2015-W01-1, 2014-12-29T00:00:00Z",
    "2001-w05, 2001-01-29T00:00:00Z",
    // year-months: the first day
    "2001-03, 2001-03-01T00:00:00Z",
    "2000-12, 2000-12-01T00:00:00Z",
    // date-times with an offset or Z
    "2021-03-04T10:00:00+01:00, 2021-03-04T09:00:00Z",
    "2021-03-04T10:00:00-05:30, 2021-03-04T15:30:00Z",
    "2021-03-04T10:00:00Z, 2021-03-04T10:00:00Z",
    "2021-03-04T10:00z, 2021-03-04T10:00:00Z",
    "2021-03-04T10:00:00.250Z, 2021-03-04T10:00:00.250Z",
    // date-times in a region (Dublin: UTC in winter, UTC+1 in summer)
    "2021-03-04T10:00:00[Europe/Dublin], 2021-03-04T10:00:00Z",
    "2021-07-04T10:00:00[Europe/Dublin], 2021-07-04T09:00:00Z",
    "2021-07-04T10:00+01:00[Europe/Dublin], 2021-07-04T09:00:00Z",
    // local date-times: UTC by default
    "2021-03-04 10:00, 2021-03-04T10:00:00Z",
    "2021-03-04T10:00, 2021-03-04T10:00:00Z",
    "2021-03-04 10:00:30, 2021-03-04T10:00:30Z",
    // epoch values: seconds with 9-11 digits, milliseconds with 12-14
    "1614852000, 2021-03-04T10:00:00Z",
    "1614852000000, 2021-03-04T10:00:00Z",
    "1614852000123, 2021-03-04T10:00:00.123Z",
    "100000000, 1973-03-03T09:46:40Z",
    "100000000000, 1973-03-03T09:46:40Z"
  })
  void everyFormIsTheRightInstant(String text, String instant) {
    assertThat(AUTO.parse(text)).isEqualTo(at(instant));
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "2024-13-45",
    "2021-W53", // 2021 has 52 ISO weeks
    "2021-W00",
    "2021-W10-8",
    "2001-13",
    "20240131", // 8 digits: a compact date, not a time in 1970
    "12345",
    "123456789012345", // 15 digits
    "-1614852000",
    "2021-03-04T10:00:00[Mars/Olympus]",
    "yesterday",
    "''"
  })
  void aValueInNoFormIsRefused(String text) {
    assertThat(AUTO.parse(text)).isNull();
  }

  @Test
  void localDateTimesAreReadInTheGivenZoneButDatesStayMidnightUtc() {
    TimeParser dublin = new TimeParser(TimeFormat.AUTO, ZoneId.of("Europe/Dublin"));
    assertThat(dublin.parse("2021-07-04 10:00")).isEqualTo(at("2021-07-04T09:00:00Z"));
    assertThat(dublin.parse("2021-01-04 10:00")).isEqualTo(at("2021-01-04T10:00:00Z"));
    TimeParser plus5 = new TimeParser(TimeFormat.AUTO, ZoneOffset.ofHours(5));
    assertThat(plus5.parse("2021-03-04T10:00")).isEqualTo(at("2021-03-04T05:00:00Z"));
    assertThat(plus5.parse("2021-03-04T10:00Z")).isEqualTo(at("2021-03-04T10:00:00Z"));
    assertThat(plus5.parse("2021-03-04")).isEqualTo(at("2021-03-04T00:00:00Z"));
    assertThat(plus5.parse("2021-W09-4")).isEqualTo(at("2021-03-04T00:00:00Z"));
  }

  @Test
  void anExplicitEpochFormatReadsAnyIntegerInItsUnitAndNothingElse() {
    TimeParser seconds = new TimeParser(TimeFormat.EPOCH_S, ZoneOffset.UTC);
    TimeParser millis = new TimeParser(TimeFormat.EPOCH_MS, ZoneOffset.UTC);
    assertThat(seconds.parse("86400")).isEqualTo(86_400_000L);
    assertThat(seconds.parse("-86400")).isEqualTo(-86_400_000L);
    assertThat(seconds.parse("1614852000000")).isEqualTo(1_614_852_000_000_000L);
    assertThat(seconds.parse("2021-03-04")).isNull();
    assertThat(seconds.parse("9223372036854775807")).isNull(); // overflows in milliseconds
    assertThat(millis.parse("86400")).isEqualTo(86_400L);
    assertThat(millis.parse("1.5")).isNull();
    TimeParser iso = new TimeParser(TimeFormat.ISO, ZoneOffset.UTC);
    assertThat(iso.parse("1614852000")).isNull();
    assertThat(iso.parse("2001-W01")).isEqualTo(at("2001-01-01T00:00:00Z"));
  }

  @Test
  void theAcceptedFormsNameEveryForm() {
    assertThat(AUTO.accepted())
        .contains("2024-01-31", "2024-W05", "2024-01", "+01:00", "[Europe/Dublin]", "epoch");
    assertThat(new TimeParser(TimeFormat.EPOCH_MS, ZoneOffset.UTC).accepted())
        .contains("milliseconds")
        .doesNotContain("2024");
    assertThat(TimeFormat.parse("epoch-s")).isEqualTo(TimeFormat.EPOCH_S);
    assertThat(TimeFormat.EPOCH_MS.label()).isEqualTo("epoch-ms");
  }
}
