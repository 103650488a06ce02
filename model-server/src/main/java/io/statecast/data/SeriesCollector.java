package io.statecast.data;

import io.statecast.avro.Observation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers observations into keyed series, checking what every reader must check: a key, a finite
 * target, finite features, and event times that increase within a key. A row that fails is recorded
 * as a {@link BadRow}, or, in strict mode, fails the read at once.
 */
final class SeriesCollector {

  private final Path source;
  private final String unit;
  private final boolean strict;
  private final Map<String, List<Observation>> byKey = new LinkedHashMap<>();
  private final List<BadRow> bad = new ArrayList<>();

  /**
   * @param unit what a row number counts: {@code line} or {@code record}
   */
  SeriesCollector(Path source, String unit, boolean strict) {
    this.source = source;
    this.unit = unit;
    this.strict = strict;
  }

  /** Records a bad row, or throws in strict mode. */
  void bad(long line, String reason) throws BadDataException {
    if (strict) {
      throw new BadDataException(source + ": " + unit + " " + line + ": " + reason + " (--strict)");
    }
    bad.add(new BadRow(unit, line, reason));
  }

  /** Adds an observation read at {@code line} if it is usable. */
  void add(long line, Observation o) throws BadDataException {
    String problem = problem(o);
    if (problem != null) {
      bad(line, problem);
      return;
    }
    List<Observation> list = byKey.computeIfAbsent(o.getKey(), k -> new ArrayList<>());
    if (!list.isEmpty() && o.getEventTime() <= list.get(list.size() - 1).getEventTime()) {
      bad(
          line,
          "time "
              + java.time.Instant.ofEpochMilli(o.getEventTime())
              + " of key '"
              + o.getKey()
              + "' is not after its previous observation (duplicate or out of order)");
      return;
    }
    list.add(o);
  }

  private static String problem(Observation o) {
    if (o.getKey() == null || o.getKey().isEmpty()) {
      return "no key";
    }
    if (o.getTarget() == null) {
      return "no target value";
    }
    if (!Float.isFinite(o.getTarget())) {
      return "value is " + o.getTarget();
    }
    List<Float> f = o.getFeatures();
    for (int i = 0; i < f.size(); i++) {
      if (!Float.isFinite(f.get(i))) {
        return "feature " + i + " is " + f.get(i);
      }
    }
    for (Map.Entry<String, Float> e : o.getNamed().entrySet()) {
      if (!Float.isFinite(e.getValue())) {
        return "feature '" + e.getKey() + "' is " + e.getValue();
      }
    }
    return null;
  }

  /** The series read so far. */
  LoadedData finish(List<String> featureNames) throws BadDataException {
    if (byKey.isEmpty()) {
      throw new BadDataException(
          source + ": no usable rows" + (bad.isEmpty() ? "" : " (" + bad.size() + " bad rows)"));
    }
    List<KeyedSeries> series = new ArrayList<>();
    byKey.forEach((k, v) -> series.add(new KeyedSeries(k, v)));
    return new LoadedData(source, new SeriesSet(series, featureNames), bad);
  }
}
