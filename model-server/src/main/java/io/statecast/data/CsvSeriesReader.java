package io.statecast.data;

import io.statecast.avro.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the long CSV layout: a header {@code key,date,value[,name…]}, then one row per observation.
 * The extra columns are numeric features: they become {@code Observation.features} in column order
 * and {@code Observation.named} under their header names.
 *
 * <p>The second column (named {@code date} or {@code time}) is read by a {@link TimeParser}: ISO
 * dates, week dates and year-months, date-times with an offset or a region, local date-times (in
 * the parser's zone) and epoch values. Bad rows — a wrong number of columns, an empty key, a time
 * in none of the accepted forms (the message lists them), a number that does not parse, NaN or
 * infinite values, a time not after the key's previous one — are reported with their line numbers
 * (the header is line 1) and skipped; in strict mode the first one fails the read. Blank lines are
 * ignored. Fields may be quoted with {@code "} (RFC 4180).
 */
public final class CsvSeriesReader {

  private CsvSeriesReader() {}

  /** Reads a CSV file with the default time forms ({@link TimeParser#DEFAULT}). */
  public static LoadedData read(Path file, boolean strict) throws IOException {
    return read(file, strict, TimeParser.DEFAULT);
  }

  /** Reads a CSV file whose times {@code times} reads. */
  public static LoadedData read(Path file, boolean strict, TimeParser times) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new BadDataException(file + ": empty file (expected a header key,date,value)");
      }
      List<String> columns = split(stripBom(header));
      checkHeader(file, columns);
      List<String> featureNames = List.copyOf(columns.subList(3, columns.size()));
      SeriesCollector collector = new SeriesCollector(file, "line", strict);
      String line;
      long number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        Row row = parse(split(line), featureNames, times);
        if (row.problem != null) {
          collector.bad(number, row.problem);
        } else {
          collector.add(number, row.observation);
        }
      }
      return collector.finish(featureNames);
    }
  }

  private static void checkHeader(Path file, List<String> columns) throws BadDataException {
    if (columns.size() < 3
        || !columns.get(0).trim().equalsIgnoreCase("key")
        || !List.of("date", "time").contains(columns.get(1).trim().toLowerCase(Locale.ROOT))
        || !columns.get(2).trim().equalsIgnoreCase("value")) {
      throw new BadDataException(
          file
              + ": line 1: the header must start with key,date,value (or key,time,value), got '"
              + columns
              + "'");
    }
  }

  /** A parsed row: an observation, or what is wrong with it. */
  private record Row(Observation observation, String problem) {
    static Row bad(String problem) {
      return new Row(null, problem);
    }
  }

  private static Row parse(List<String> f, List<String> featureNames, TimeParser times) {
    int expected = 3 + featureNames.size();
    if (f.size() != expected) {
      return Row.bad("expected " + expected + " columns, found " + f.size());
    }
    String key = f.get(0).trim();
    if (key.isEmpty()) {
      return Row.bad("empty key");
    }
    Long time = times.parse(f.get(1));
    if (time == null) {
      return Row.bad("unknown date '" + f.get(1) + "' (accepted: " + times.accepted() + ")");
    }
    List<Float> features = new ArrayList<>(featureNames.size());
    Map<String, Float> named = new LinkedHashMap<>();
    Float value = null;
    for (int c = 2; c < f.size(); c++) {
      String name = c == 2 ? "value" : featureNames.get(c - 3);
      Float v = parseNumber(f.get(c).trim());
      if (v == null) {
        return Row.bad(name + " '" + f.get(c) + "' is not a number");
      }
      if (!Float.isFinite(v)) {
        return Row.bad(name + " is " + v);
      }
      if (c == 2) {
        value = v;
      } else {
        features.add(v);
        named.put(name, v);
      }
    }
    Observation o =
        Observation.newBuilder()
            .setKey(key)
            .setEventTime(time)
            .setFeatures(features)
            .setNamed(named)
            .setTarget(value)
            .build();
    return new Row(o, null);
  }

  /**
   * The number in {@code s} (already trimmed), or null when it is empty or not a number; NaN and
   * infinities parse (callers reject them as they see fit).
   */
  public static Float parseNumber(String s) {
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Float.parseFloat(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Epoch milliseconds of {@code s}, or null when it is not one of the text forms of {@link
   * TimeParser} (no epoch values), local date-times read in {@code zone}.
   */
  public static Long parseTime(String s, ZoneId zone) {
    return new TimeParser(TimeFormat.ISO, zone).parse(s);
  }

  /** Splits one CSV line; fields may be quoted, with {@code ""} for a quote inside. */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
