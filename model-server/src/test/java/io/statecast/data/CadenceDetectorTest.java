package io.statecast.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import io.statecast.model.Cadence;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CadenceDetectorTest {

  private static final long T0 = Instant.parse("2019-01-31T00:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  /** {@code keys} series of {@code n} times, time {@code i} given by {@code time}. */
  private static SeriesSet series(int keys, int n, LongUnaryOperator time) {
    List<KeyedSeries> out = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      List<Observation> obs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        obs.add(
            Observation.newBuilder()
                .setKey("k" + k)
                .setEventTime(time.applyAsLong(i) + k * 7 * DAY)
                .setFeatures(List.of())
                .setNamed(Map.of())
                .setTarget(1f)
                .build());
      }
      out.add(new KeyedSeries("k" + k, obs));
    }
    return new SeriesSet(out, List.of());
  }

  private static long months(long i) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(T0), ZoneOffset.UTC)
        .plusMonths(i)
        .toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  @Test
  void regularSeriesOfEachNamedCadence() {
    assertThat(CadenceDetector.detect(series(3, 200, i -> T0 + i * HOUR)))
        .isEqualTo(Cadence.HOURLY);
    assertThat(CadenceDetector.detect(series(3, 200, i -> T0 + i * DAY))).isEqualTo(Cadence.DAILY);
    assertThat(CadenceDetector.detect(series(3, 200, i -> T0 + i * 7 * DAY)))
        .isEqualTo(Cadence.WEEKLY);
    // from the 31st, plusMonths lands on the 28th/29th/30th/31st: gaps of 28-31 days
    assertThat(CadenceDetector.detect(series(3, 40, CadenceDetectorTest::months)))
        .isEqualTo(Cadence.MONTHLY);
  }

  @Test
  void missingPeriodsAndJitterDoNotChangeTheCadence() {
    // every fourth day missing, and a few long pauses: the median gap is still a day
    SeriesSet gappy = series(2, 300, i -> T0 + (i + i / 3 + (i > 250 ? 40 : 0)) * DAY);
    assertThat(CadenceDetector.detect(gappy)).isEqualTo(Cadence.DAILY);
    // hourly readings a few seconds off the hour
    SeriesSet jitter = series(2, 300, i -> T0 + i * HOUR + (i % 5) * 3_000);
    assertThat(CadenceDetector.detect(jitter)).isEqualTo(Cadence.HOURLY);
  }

  @ParameterizedTest(name = "every {0} minutes is {1}")
  @CsvSource({"15, PT15M", "10, PT10M", "2880, PT48H", "20160, PT336H"})
  void otherRegularGapsAreAFixedPeriod(long minutes, String expected) {
    Cadence c = CadenceDetector.detect(series(2, 100, i -> T0 + i * minutes * 60_000));
    assertThat(c.kind()).isEqualTo(Cadence.Kind.FIXED);
    assertThat(c.label()).isEqualTo(expected);
  }

  @Test
  void thirtyDayGapsThatAreNotCalendarMonthsAreAFixedPeriod() {
    Cadence c = CadenceDetector.detect(series(2, 40, i -> T0 + i * 30 * DAY));
    assertThat(c).isEqualTo(Cadence.of(Duration.ofDays(30)));
  }

  @Test
  void aDataSetWithoutGapsIsDaily() {
    assertThat(CadenceDetector.detect(series(3, 1, i -> T0))).isEqualTo(Cadence.DAILY);
  }

  @Test
  void monthEndsCountAsOneMonthApart() {
    long jan31 = Instant.parse("2021-01-31T00:00:00Z").toEpochMilli();
    long feb28 = Instant.parse("2021-02-28T00:00:00Z").toEpochMilli();
    long mar31 = Instant.parse("2021-03-31T00:00:00Z").toEpochMilli();
    long mar28 = Instant.parse("2021-03-28T00:00:00Z").toEpochMilli();
    assertThat(CadenceDetector.oneMonthApart(jan31, feb28)).isTrue();
    assertThat(CadenceDetector.oneMonthApart(feb28, mar31)).isTrue();
    assertThat(CadenceDetector.oneMonthApart(feb28, mar28)).isTrue();
    assertThat(CadenceDetector.oneMonthApart(jan31, mar31)).isFalse();
    assertThat(CadenceDetector.oneMonthApart(jan31, jan31 + 30 * DAY)).isFalse();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "wind_ireland_daily.csv, daily",
    "chicago_L_ridership_daily.csv, daily",
    "pm10_germany_2002_2009_dense.csv, daily",
    "flu_bybw_weekly.csv, weekly"
  })
  void eachShippedDataSet(String file, String cadence) throws IOException {
    LoadedData d = CsvSeriesReader.read(CsvSeriesReaderTest.repoData(file), true);
    assertThat(d.cadence()).isEqualTo(Cadence.parse(cadence));
  }
}
