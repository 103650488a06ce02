package io.statecast.serve;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The exact distribution of wave sizes of one dispatcher (Prometheus keeps bucketed counts; tests
 * and reports want the real figures).
 */
final class BatchStats {

  private final AtomicLongArray counts;

  BatchStats(int maxBatch) {
    this.counts = new AtomicLongArray(maxBatch + 1);
  }

  void record(int size) {
    counts.incrementAndGet(size);
  }

  /** Waves by size, for sizes seen at least once. */
  SortedMap<Integer, Long> snapshot() {
    SortedMap<Integer, Long> m = new TreeMap<>();
    for (int i = 1; i < counts.length(); i++) {
      long n = counts.get(i);
      if (n > 0) {
        m.put(i, n);
      }
    }
    return m;
  }
}
