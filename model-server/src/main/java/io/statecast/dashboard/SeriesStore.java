package io.statecast.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The series of at most {@code maxKeys} keys; when a new key would exceed that, the key least
 * recently updated or viewed is forgotten (its points are dropped, a later event starts it again).
 * Memory is bounded by {@code maxKeys × pointsPerKey} points.
 *
 * <p>Not thread-safe: {@link DashboardState} guards it.
 */
final class SeriesStore {

  private final int maxKeys;
  private final int pointsPerKey;
  private final LinkedHashMap<String, KeySeries> series;
  private long evicted;

  SeriesStore(int maxKeys, int pointsPerKey) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("the dashboard keeps at least one key, got " + maxKeys);
    }
    this.maxKeys = maxKeys;
    this.pointsPerKey = pointsPerKey;
    this.series =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, KeySeries> eldest) {
            if (size() > SeriesStore.this.maxKeys) {
              evicted++;
              return true;
            }
            return false;
          }
        };
  }

  /** The key's series, created if new (which may evict the least recently used key). */
  KeySeries update(String key) {
    KeySeries s = series.get(key);
    if (s == null) {
      s = new KeySeries(pointsPerKey);
      series.put(key, s);
    }
    return s;
  }

  /** The key's series, or null; counts as a use (a watched key is not evicted first). */
  KeySeries view(String key) {
    return series.get(key);
  }

  /**
   * Up to {@code limit} held keys matching {@code query} case-insensitively: those that start with
   * it first, then those that contain it, each group in natural order. An empty query lists keys.
   */
  List<String> search(String query, int limit) {
    String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
    List<String> prefix = new ArrayList<>();
    List<String> infix = new ArrayList<>();
    for (String key : series.keySet()) { // iterating the key set does not reorder it
      String k = key.toLowerCase(Locale.ROOT);
      if (k.startsWith(q)) {
        prefix.add(key);
      } else if (k.contains(q)) {
        infix.add(key);
      }
    }
    prefix.sort(null);
    infix.sort(null);
    List<String> out = new ArrayList<>(Math.min(limit, prefix.size() + infix.size()));
    for (List<String> group : List.of(prefix, infix)) {
      for (String key : group) {
        if (out.size() == limit) {
          return out;
        }
        out.add(key);
      }
    }
    return out;
  }

  /** How many keys are held. */
  int size() {
    return series.size();
  }

  /** How many keys were forgotten to make room. */
  long evicted() {
    return evicted;
  }

  boolean contains(String key) {
    return series.containsKey(key);
  }
}
