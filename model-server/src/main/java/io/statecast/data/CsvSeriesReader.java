package io.statecast.data;

import io.statecast.avro.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
 * <p>A date is an ISO date ({@code 2024-01-31}, midnight UTC), an ISO date-time with an offset
 * ({@code 2024-01-31T06:00:00Z}) or without one (read as UTC, {@code T} or a space between). Bad
 * rows — a wrong number of columns, an empty key, a date that is not one of these, a number that
 * does not parse, NaN or infinite values, a time not after the key's previous one — are reported
 * with their line numbers (the header is line 1) and skipped; in strict mode the first one fails
 * the read. Blank lines are ignored. Fields may be quoted with {@code "} (RFC 4180).
 */
public final class CsvSeriesReader {

  private CsvSeriesReader() {}

  /** Reads a CSV file. */
  public static LoadedData read(Path file, boolean strict) throws IOException {
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
        Row row = parse(split(line), featureNames);
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
        || !columns.get(1).trim().equalsIgnoreCase("date")
        || !columns.get(2).trim().equalsIgnoreCase("value")) {
      throw new BadDataException(
          file + ": line 1: the header must start with key,date,value, got '" + columns + "'");
    }
  }

  /** A parsed row: an observation, or what is wrong with it. */
  private record Row(Observation observation, String problem) {
    static Row bad(String problem) {
      return new Row(null, problem);
    }
  }

  private static Row parse(List<String> f, List<String> featureNames) {
    int expected = 3 + featureNames.size();
    if (f.size() != expected) {
      return Row.bad("expected " + expected + " columns, found " + f.size());
    }
    String key = f.get(0).trim();
    if (key.isEmpty()) {
      return Row.bad("empty key");
    }
    Long time = parseTime(f.get(1).trim());
    if (time == null) {
      return Row.bad("unknown date '" + f.get(1) + "' (expected e.g. 2024-01-31)");
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

  /** Epoch milliseconds of a date or date-time, or null when it is not one. */
  static Long parseTime(String s) {
    return parseTime(s, ZoneOffset.UTC);
  }

  /**
   * Epoch milliseconds of {@code s} (already trimmed), or null when it is not one of the forms this
   * reader accepts: an ISO date (midnight UTC), an ISO date-time with an offset or {@code Z}, or a
   * local date-time ({@code T} or a space between), read in {@code zone}.
   */
  public static Long parseTime(String s, ZoneId zone) {
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).toEpochDay() * 86_400_000L;
      }
      String iso = s.replace(' ', 'T');
      char last = Character.toUpperCase(iso.charAt(iso.length() - 1));
      if (last == 'Z' || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      return null;
    }
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
