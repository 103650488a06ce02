package io.statecast.cli;

import io.statecast.avro.Observation;
import io.statecast.data.BadDataException;
import io.statecast.data.CsvSeriesReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads observations from a CSV file with a header row, with the columns of {@link CsvColumns}: the
 * key, the time ({@link EventTimes}), the target (empty: no target) and the features, which go into
 * {@code Observation.named} under their header names (an empty cell leaves that feature out).
 * Fields are split, and times and numbers parsed, as the training data's {@link CsvSeriesReader}
 * does. When the features were not named, a column that is not numeric in the first well-formed row
 * is left out ({@link #unusedColumns()}).
 */
final class CsvRecordReader implements RecordFileReader {

  private final BufferedReader in;
  private final List<String> header;
  private final CsvColumns.Layout layout;
  private final ZoneId zone;
  private final List<String> unused = new ArrayList<>();
  private List<Integer> features;
  private long line = 1;

  private CsvRecordReader(
      BufferedReader in, List<String> header, CsvColumns.Layout layout, ZoneId zone) {
    this.in = in;
    this.header = header;
    this.layout = layout;
    this.zone = zone;
  }

  /**
   * Reads the header of {@code in}.
   *
   * @throws BadDataException when there is no header, or it lacks a column that {@code columns}
   *     names
   */
  static CsvRecordReader open(BufferedReader in, String source, CsvColumns columns, ZoneId zone)
      throws IOException {
    String first = in.readLine();
    if (first == null || first.isBlank()) {
      throw new BadDataException(source + ": no header row (expected e.g. key,date,value)");
    }
    List<String> header =
        CsvSeriesReader.split(first.startsWith("\uFEFF") ? first.substring(1) : first);
    return new CsvRecordReader(in, header, columns.resolve(header, source), zone);
  }

  @Override
  public InputLine next() throws IOException {
    String text;
    while ((text = in.readLine()) != null) {
      line++;
      if (!text.isBlank()) {
        return parse(CsvSeriesReader.split(text));
      }
    }
    return null;
  }

  private InputLine parse(List<String> f) {
    if (f.size() != layout.width()) {
      return InputLine.skipped(
          line, SkipReason.COLUMNS, "expected " + layout.width() + " columns, found " + f.size());
    }
    if (features == null) {
      features = chooseFeatures(f);
    }
    String key = f.get(layout.key()).strip();
    if (key.isEmpty()) {
      return InputLine.skipped(line, SkipReason.KEY, "empty key");
    }
    String timeText = f.get(layout.time());
    Long time = EventTimes.parse(timeText, zone);
    if (time == null) {
      return InputLine.skipped(
          line,
          SkipReason.TIME,
          "unknown time '"
              + timeText
              + "' (expected e.g. 2024-01-31, 2024-W05, 2024-01, 2024-01-31T06:00:00Z,"
              + " 2024-01-31T06:00[Europe/Dublin] or epoch milliseconds)");
    }
    String targetText = f.get(layout.target()).strip();
    Float target = null;
    if (!targetText.isEmpty()) {
      target = CsvSeriesReader.parseNumber(targetText);
      if (target == null || !Float.isFinite(target)) {
        return notANumber(header.get(layout.target()), targetText);
      }
    }
    Map<String, Float> named = new LinkedHashMap<>();
    for (int c : features) {
      String s = f.get(c).strip();
      if (s.isEmpty()) {
        continue;
      }
      Float v = CsvSeriesReader.parseNumber(s);
      if (v == null || !Float.isFinite(v)) {
        return notANumber(header.get(c), s);
      }
      named.put(header.get(c).strip(), v);
    }
    return InputLine.of(
        line,
        Observation.newBuilder()
            .setKey(key)
            .setEventTime(time)
            .setTarget(target)
            .setNamed(named)
            .build());
  }

  private InputLine notANumber(String column, String text) {
    return InputLine.skipped(
        line, SkipReason.NUMBER, column.strip() + " '" + text + "' is not a finite number");
  }

  /** The feature columns: all of the layout's, or when unnamed, those numeric in {@code first}. */
  private List<Integer> chooseFeatures(List<String> first) {
    if (!layout.numericOnly()) {
      return layout.features();
    }
    List<Integer> chosen = new ArrayList<>();
    for (int c : layout.features()) {
      String s = first.get(c).strip();
      if (s.isEmpty() || CsvSeriesReader.parseNumber(s) != null) {
        chosen.add(c);
      } else {
        unused.add(header.get(c).strip() + " (not numeric on line " + line + ": '" + s + "')");
      }
    }
    return List.copyOf(chosen);
  }

  @Override
  public long linesRead() {
    return line;
  }

  @Override
  public List<String> unusedColumns() {
    return List.copyOf(unused);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
