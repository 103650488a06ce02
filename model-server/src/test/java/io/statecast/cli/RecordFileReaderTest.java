package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import io.statecast.data.BadDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CSV and JSON lines readers of {@code produce}: layouts, time forms, bad lines. */
class RecordFileReaderTest {

  private static final long JAN_31 = Instant.parse("2024-01-31T00:00:00Z").toEpochMilli();

  private static List<InputLine> read(InputFormat format, CsvColumns columns, String text)
      throws IOException {
    return read(format, columns, ZoneOffset.UTC, text);
  }

  private static List<InputLine> read(
      InputFormat format, CsvColumns columns, ZoneId zone, String text) throws IOException {
    try (RecordFileReader r =
        RecordFileReader.open(
            new BufferedReader(new StringReader(text)), "test", format, columns, zone)) {
      List<InputLine> lines = new ArrayList<>();
      for (InputLine l = r.next(); l != null; l = r.next()) {
        lines.add(l);
      }
      return lines;
    }
  }

  private static List<InputLine> csv(String text) throws IOException {
    return read(InputFormat.CSV, CsvColumns.DEFAULT, text);
  }

  private static Observation only(List<InputLine> lines) {
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).isSkipped()).as("%s", lines.get(0)).isFalse();
    return lines.get(0).observation();
  }

  @Test
  void readsEveryDataSetOfTheRepositoryWithoutABadLine() throws IOException {
    try (var files = Files.list(Path.of("..", "data"))) {
      List<Path> csvs = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      assertThat(csvs).hasSizeGreaterThanOrEqualTo(3);
      for (Path f : csvs) {
        long records = 0;
        try (RecordFileReader r =
            RecordFileReader.open(
                Files.newBufferedReader(f, StandardCharsets.UTF_8),
                f.toString(),
                InputFormat.of(f.toString()),
                CsvColumns.DEFAULT,
                ZoneOffset.UTC)) {
          for (InputLine l = r.next(); l != null; l = r.next()) {
            assertThat(l.isSkipped()).as("%s %s", f, l).isFalse();
            assertThat(l.observation().getNamed()).isEmpty();
            assertThat(l.observation().getTarget()).isNotNull();
            records++;
          }
          assertThat(r.linesRead()).as("%s", f).isEqualTo(Files.lines(f).count());
        }
        assertThat(records).as("%s", f).isEqualTo(Files.lines(f).count() - 1);
      }
    }
    Observation first = only(csv("key,date,value\nRPT,1961-01-01,15.04\n"));
    assertThat(first.getKey()).isEqualTo("RPT");
    assertThat(first.getEventTime())
        .isEqualTo(Instant.parse("1961-01-01T00:00:00Z").toEpochMilli());
    assertThat(first.getTarget()).isEqualTo(15.04f);
  }

  @Test
  void extraNumericColumnsBecomeNamedFeaturesAndTextColumnsAreLeftOut() throws IOException {
    try (RecordFileReader r =
        RecordFileReader.open(
            new BufferedReader(
                new StringReader(
                    "key,date,value,temp,station,humidity\n"
                        + "a,2024-01-31,1.5,10,North,0.5\n"
                        + "a,2024-02-01,2.5,,South,0.25\n")),
            "test",
            InputFormat.CSV,
            CsvColumns.DEFAULT,
            ZoneOffset.UTC)) {
      Observation o = r.next().observation();
      assertThat(o.getNamed()).containsOnly(Map.entry("temp", 10f), Map.entry("humidity", 0.5f));
      assertThat(o.getNamed().keySet()).as("header order").containsExactly("temp", "humidity");
      assertThat(o.getFeatures()).isEmpty();
      assertThat(r.unusedColumns()).singleElement().asString().startsWith("station");
      Observation second = r.next().observation();
      assertThat(second.getNamed())
          .as("an empty cell leaves the feature out")
          .containsExactlyEntriesOf(Map.of("humidity", 0.25f));
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void customColumnNamesAndChosenOrNoFeatures() throws IOException {
    String text = "sensor,timestamp,reading,temp,wind\ns1,2024-01-31,3,10,4\n";
    CsvColumns custom = new CsvColumns("sensor", null, "reading", List.of("wind"), false);
    Observation o = only(read(InputFormat.CSV, custom, text));
    assertThat(o.getKey()).isEqualTo("s1");
    assertThat(o.getEventTime()).isEqualTo(JAN_31);
    assertThat(o.getTarget()).isEqualTo(3f);
    assertThat(o.getNamed()).containsExactlyEntriesOf(Map.of("wind", 4f));

    CsvColumns none = new CsvColumns("sensor", "timestamp", "reading", null, true);
    assertThat(only(read(InputFormat.CSV, none, text)).getNamed()).isEmpty();

    // a time column by another accepted name when "date" is absent; its position does not matter
    Observation t = only(csv("eventTime,value,key\n1706659200000,7,k\n"));
    assertThat(t.getEventTime()).isEqualTo(JAN_31);
    assertThat(t.getKey()).isEqualTo("k");

    assertThatThrownBy(() -> read(InputFormat.CSV, custom, "key,date,value\na,2024-01-31,1\n"))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("'sensor'")
        .hasMessageContaining("--key-column");
    assertThatThrownBy(() -> csv("key,value\na,1\n"))
        .isInstanceOf(BadDataException.class)
        .hasMessageContaining("no time column");
    assertThatThrownBy(() -> new CsvColumns("key", null, "value", List.of("a"), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyTimeForm() throws IOException {
    String text =
        "key,date,value\n"
            + "a,2024-01-31,1\n"
            + "a,2024-01-31T06:30:00Z,1\n"
            + "a,2024-01-31T08:30:00+02:00,1\n"
            + "a,2024-01-31T06:30:00,1\n"
            + "a,2024-01-31 06:30:00,1\n"
            + "a,1706682600000,1\n";
    long sixThirty = Instant.parse("2024-01-31T06:30:00Z").toEpochMilli();
    List<Long> utc = times(read(InputFormat.CSV, CsvColumns.DEFAULT, text));
    assertThat(utc).containsExactly(JAN_31, sixThirty, sixThirty, sixThirty, sixThirty, sixThirty);

    // --zone applies to local date-times only: a date is midnight UTC, offsets and epochs are exact
    List<Long> berlin =
        times(read(InputFormat.CSV, CsvColumns.DEFAULT, ZoneId.of("Europe/Berlin"), text));
    long oneHour = 3_600_000L;
    assertThat(berlin)
        .containsExactly(
            JAN_31, sixThirty, sixThirty, sixThirty - oneHour, sixThirty - oneHour, sixThirty);
  }

  private static List<Long> times(List<InputLine> lines) {
    return lines.stream()
        .peek(l -> assertThat(l.isSkipped()).as("%s", l).isFalse())
        .map(l -> l.observation().getEventTime())
        .toList();
  }

  @Test
  void badLinesAreReturnedWithTheirNumbersAndReasonsAndReadingGoesOn() throws IOException {
    List<InputLine> lines =
        csv(
            "key,date,value\n"
                + "a,2024-01-31,1\n"
                + "a,2024-01-31\n"
                + "\n"
                + "a,31/01/2024,1\n"
                + "a,2024-02-01,x\n"
                + ",2024-02-01,1\n"
                + "a,2024-02-02,NaN\n"
                + "a,2024-02-03,\n");
    assertThat(lines)
        .extracting(InputLine::number, InputLine::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, null),
            org.assertj.core.groups.Tuple.tuple(3L, SkipReason.COLUMNS),
            org.assertj.core.groups.Tuple.tuple(5L, SkipReason.TIME),
            org.assertj.core.groups.Tuple.tuple(6L, SkipReason.NUMBER),
            org.assertj.core.groups.Tuple.tuple(7L, SkipReason.KEY),
            org.assertj.core.groups.Tuple.tuple(8L, SkipReason.NUMBER),
            org.assertj.core.groups.Tuple.tuple(9L, null));
    assertThat(lines.get(1).problem()).isEqualTo("expected 3 columns, found 2");
    assertThat(lines.get(2).problem()).contains("'31/01/2024'");
    assertThat(lines.get(6).observation().getTarget()).as("empty target: none").isNull();
  }

  @Test
  void jsonLinesInEveryFieldForm() throws IOException {
    List<InputLine> lines =
        read(
            InputFormat.JSONL,
            CsvColumns.DEFAULT,
            "{\"key\":\"a\",\"eventTime\":1706659200000,\"target\":1.5,"
                + "\"named\":{\"temp\":10},\"features\":[1,2]}\n"
                + "\n"
                + "{\"key\":\"b\",\"eventTime\":\"2024-01-31\",\"extra\":true}\n"
                + "{\"key\":{\"string\":\"c\"},\"eventTime\":\"2024-01-31T00:00:00Z\","
                + "\"target\":{\"float\":2.5}}\n"
                + "not json\n"
                + "[1,2]\n"
                + "{\"eventTime\":1}\n"
                + "{\"key\":\"a\",\"eventTime\":true}\n"
                + "{\"key\":\"a\",\"eventTime\":1,\"target\":\"x\"}\n"
                + "{\"key\":\"a\",\"eventTime\":1,\"named\":{\"t\":\"hot\"}}\n");
    Observation a = lines.get(0).observation();
    assertThat(a.getKey()).isEqualTo("a");
    assertThat(a.getEventTime()).isEqualTo(JAN_31);
    assertThat(a.getTarget()).isEqualTo(1.5f);
    assertThat(a.getNamed()).containsExactlyEntriesOf(Map.of("temp", 10f));
    assertThat(a.getFeatures()).containsExactly(1f, 2f);
    Observation b = lines.get(1).observation();
    assertThat(b.getEventTime()).isEqualTo(JAN_31);
    assertThat(b.getTarget()).isNull();
    assertThat(lines.get(1).number()).isEqualTo(3);
    Observation c = lines.get(2).observation();
    assertThat(c.getKey()).isEqualTo("c");
    assertThat(c.getTarget()).isEqualTo(2.5f);
    assertThat(lines.subList(3, lines.size()))
        .extracting(InputLine::reason)
        .containsExactly(
            SkipReason.JSON,
            SkipReason.JSON,
            SkipReason.KEY,
            SkipReason.TIME,
            SkipReason.NUMBER,
            SkipReason.NUMBER);
  }

  @Test
  void theFormatFollowsTheExtension() {
    assertThat(InputFormat.of("x/data.jsonl")).isEqualTo(InputFormat.JSONL);
    assertThat(InputFormat.of("DATA.NDJSON")).isEqualTo(InputFormat.JSONL);
    assertThat(InputFormat.of("data.csv")).isEqualTo(InputFormat.CSV);
    assertThat(InputFormat.of("-")).isEqualTo(InputFormat.CSV);
  }
}
