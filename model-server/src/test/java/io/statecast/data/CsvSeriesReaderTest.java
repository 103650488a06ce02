package io.statecast.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesReaderTest {

  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    Path f = dir.resolve("data.csv");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void readsKeysInOrderWithExtraColumnsAsFeatures() throws IOException {
    LoadedData d =
        CsvSeriesReader.read(
            csv(
                "key,date,value,temp\n"
                    + "a,2024-01-01,1.5,10\n"
                    + "a,2024-01-02,2.5,11\n"
                    + "\"b,x\",2024-01-01T06:00:00Z,3,12\n"),
            false);
    assertThat(d.badRows()).isEmpty();
    assertThat(d.data().featureNames()).containsExactly("temp");
    assertThat(d.data().series()).extracting(KeyedSeries::key).containsExactly("a", "b,x");
    KeyedSeries a = d.data().get("a");
    assertThat(a.values()).containsExactly(1.5, 2.5);
    Observation o = a.observation(1);
    assertThat(o.getEventTime()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
    assertThat(o.getFeatures()).containsExactly(11f);
    assertThat(o.getNamed()).containsEntry("temp", 11f);
    assertThat(d.data().get("b,x").time(0))
        .isEqualTo(Instant.parse("2024-01-01T06:00:00Z").toEpochMilli());
  }

  @Test
  void reportsBadRowsWithTheirLineNumbersAndSkipsThem() throws IOException {
    LoadedData d =
        CsvSeriesReader.read(
            csv(
                "key,date,value\n"
                    + "a,2024-01-01,1\n" // line 2: good
                    + "a,2024-01-02,abc\n" // 3: not a number
                    + "a,2024-01-03,NaN\n" // 4: NaN
                    + "a,2024-13-45,2\n" // 5: unknown date
                    + "a,2024-01-04\n" // 6: too few columns
                    + ",2024-01-05,3\n" // 7: no key
                    + "\n" // 8: blank, ignored
                    + "a,2024-01-01,4\n" // 9: not after the previous
                    + "a,2024-01-06,5\n"), // 10: good
            false);
    assertThat(d.badRows()).extracting(BadRow::number).containsExactly(3L, 4L, 5L, 6L, 7L, 9L);
    assertThat(d.badRows().get(0).reason()).isEqualTo("value 'abc' is not a number");
    assertThat(d.badRows().get(1).reason()).isEqualTo("value is NaN");
    assertThat(d.badRows().get(2).reason())
        .startsWith("unknown date '2024-13-45' (accepted: 2024-01-31, 2024-W05")
        .contains("epoch seconds");
    assertThat(d.badRows().get(3).reason()).isEqualTo("expected 3 columns, found 2");
    assertThat(d.badRows().get(4).reason()).isEqualTo("empty key");
    assertThat(d.badRows().get(5).reason()).contains("not after its previous observation");
    assertThat(d.data().get("a").values()).containsExactly(1.0, 5.0);
  }

  @Test
  void strictModeFailsAtTheFirstBadRow() throws IOException {
    Path f = csv("key,date,value\na,2024-01-01,1\na,2024-01-02,inf?\n");
    assertThatThrownBy(() -> CsvSeriesReader.read(f, true))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("line 3: value 'inf?' is not a number");
  }

  @Test
  void refusesAFileWithoutTheHeaderOrWithoutRows() throws IOException {
    assertThatThrownBy(() -> CsvSeriesReader.read(csv("a,2024-01-01,1\n"), false))
        .hasMessageContaining("header must start with key,date,value");
    assertThatThrownBy(() -> CsvSeriesReader.read(csv("key,date,value\na,x,1\n"), false))
        .hasMessageContaining("no usable rows (1 bad rows)");
  }

  @Test
  void readsWeeklyDataWithIsoWeekDates() throws IOException {
    // Before week dates were accepted, every row of this file was bad: "no usable rows".
    LoadedData d =
        CsvSeriesReader.read(
            csv("key,date,value\na,2020-W52,1\na,2020-W53,2\na,2021-W01,3\nb,2001-W01-3,4\n"),
            true);
    assertThat(d.data().get("a").observations())
        .extracting(o -> Instant.ofEpochMilli(o.getEventTime()).toString())
        .containsExactly("2020-12-21T00:00:00Z", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z");
    assertThat(d.data().get("b").time(0))
        .isEqualTo(Instant.parse("2001-01-03T00:00:00Z").toEpochMilli());
    assertThat(d.cadence()).isEqualTo(io.statecast.model.Cadence.WEEKLY);
  }

  @Test
  void aTimeInNoAcceptedFormIsABadRowWithItsLineValueAndTheForms() throws IOException {
    Path f = csv("key,time,value\na,2021-03-04T10:00:00+01:00,1\na,2021-03-04 11:00,2\na,soon,3\n");
    assertThatThrownBy(() -> CsvSeriesReader.read(f, true))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("line 4: unknown date 'soon' (accepted: ")
        .hasMessageContaining("2024-W05-3")
        .hasMessageContaining("(--strict)");
    LoadedData d = CsvSeriesReader.read(f, false);
    assertThat(d.badRows()).extracting(BadRow::number).containsExactly(4L);
    assertThat(d.data().get("a").size()).isEqualTo(2);
  }

  @Test
  void epochTimesFollowTheTimeFormat() throws IOException {
    Path f = csv("key,date,value\na,1614852000,1\na,1614855600,2\n");
    LoadedData auto = CsvSeriesReader.read(f, true);
    assertThat(auto.data().get("a").time(0))
        .isEqualTo(Instant.parse("2021-03-04T10:00:00Z").toEpochMilli());
    assertThat(auto.cadence()).isEqualTo(io.statecast.model.Cadence.HOURLY);
    LoadedData millis =
        CsvSeriesReader.read(
            f, true, new TimeParser(TimeFormat.EPOCH_MS, java.time.ZoneOffset.UTC));
    assertThat(millis.data().get("a").time(0)).isEqualTo(1_614_852_000L);
  }

  @Test
  void readsEveryShippedDataSetWithoutBadRows() throws IOException {
    for (String name :
        new String[] {
          "wind_ireland_daily.csv",
          "chicago_L_ridership_daily.csv",
          "pm10_germany_2002_2009_dense.csv",
          "flu_bybw_weekly.csv"
        }) {
      LoadedData d = CsvSeriesReader.read(repoData(name), true);
      assertThat(d.badRows()).isEmpty();
      assertThat(d.data().keys()).isGreaterThanOrEqualTo(12);
    }
  }

  static Path repoData(String name) {
    Path p = Path.of("..", "data", name);
    return Files.exists(p) ? p : Path.of("data", name);
  }
}
