package io.statecast.dashboard;

import io.statecast.avro.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Daily entries (thousands) at Chicago 'L' stations, from the repository's {@code
 * data/chicago_L_ridership_daily.csv}: real series for the dashboard's tests and screenshot.
 */
final class Ridership {

  static final Path FILE = Path.of("..", "data", "chicago_L_ridership_daily.csv");

  private Ridership() {}

  /**
   * The last {@code days} observations of each of {@code stations}, interleaved by day (all
   * stations of day 1, then of day 2, …), as a stream would carry them.
   */
  static List<List<Observation>> lastDays(Set<String> stations, int days) throws IOException {
    Map<String, List<Observation>> byKey = new LinkedHashMap<>();
    try (var lines = Files.lines(FILE)) {
      lines
          .skip(1)
          .map(l -> l.split(","))
          .filter(f -> stations.contains(f[0]))
          .forEach(
              f ->
                  byKey
                      .computeIfAbsent(f[0], k -> new ArrayList<>())
                      .add(
                          Observation.newBuilder()
                              .setKey(f[0])
                              .setEventTime(
                                  LocalDate.parse(f[1])
                                      .atStartOfDay(ZoneOffset.UTC)
                                      .toInstant()
                                      .toEpochMilli())
                              .setFeatures(List.of())
                              .setNamed(Map.of())
                              .setTarget(Float.parseFloat(f[2]))
                              .build()));
    }
    List<List<Observation>> out = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      List<Observation> day = new ArrayList<>();
      for (List<Observation> series : byKey.values()) {
        day.add(series.get(series.size() - days + d));
      }
      out.add(day);
    }
    return out;
  }
}
