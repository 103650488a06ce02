package io.statecast.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keyed series in the order their keys first appeared, with the names of the extra numeric columns
 * ({@code Observation.features}, in order; also in {@code Observation.named} under these names).
 */
public final class SeriesSet {

  private final Map<String, KeyedSeries> byKey = new LinkedHashMap<>();
  private final List<String> featureNames;

  public SeriesSet(List<KeyedSeries> series, List<String> featureNames) {
    for (KeyedSeries s : series) {
      if (byKey.put(s.key(), s) != null) {
        throw new IllegalArgumentException("key '" + s.key() + "' appears twice");
      }
    }
    this.featureNames = List.copyOf(featureNames);
  }

  /** The series, in key order of first appearance. */
  public List<KeyedSeries> series() {
    return new ArrayList<>(byKey.values());
  }

  /** The series of {@code key}, or null. */
  public KeyedSeries get(String key) {
    return byKey.get(key);
  }

  /** Number of keys. */
  public int keys() {
    return byKey.size();
  }

  /** Names of the extra numeric columns, in {@code Observation.features} order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Total number of observations over all keys. */
  public long observations() {
    long n = 0;
    for (KeyedSeries s : byKey.values()) {
      n += s.size();
    }
    return n;
  }

  /** Every series transformed (e.g. cut to its training part); empty results are dropped. */
  public SeriesSet map(UnaryOperator<KeyedSeries> f) {
    List<KeyedSeries> out = new ArrayList<>();
    for (KeyedSeries s : byKey.values()) {
      KeyedSeries t = f.apply(s);
      if (t != null && t.size() > 0) {
        out.add(t);
      }
    }
    return new SeriesSet(out, featureNames);
  }
}
