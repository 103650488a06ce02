package io.statecast.testing.traffic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentiles of a stream of latencies in bounded memory: a uniform reservoir sample (Vitter's
 * algorithm R) of up to {@code capacity} values. Thread-safe.
 */
public final class LatencyRecorder {

  private final long[] sample;
  private final SplittableRandom random = new SplittableRandom(1);
  private long seen;

  public LatencyRecorder(int capacity) {
    this.sample = new long[capacity];
  }

  /** Records one latency. */
  public synchronized void record(long millis) {
    if (seen < sample.length) {
      sample[(int) seen] = millis;
    } else {
      long j = random.nextLong(seen + 1);
      if (j < sample.length) {
        sample[(int) j] = millis;
      }
    }
    seen++;
  }

  /** The {@code p}-th percentile (0–100), or -1 when nothing was recorded. */
  public synchronized long percentile(double p) {
    int n = (int) Math.min(seen, sample.length);
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(sample, n);
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, i))];
  }

  /** How many latencies were recorded. */
  public synchronized long count() {
    return seen;
  }
}
