package io.statecast.dashboard;

import java.util.Arrays;

/**
 * The last {@code capacity} latencies (milliseconds) and their percentiles.
 *
 * <p>A ring of the most recent samples, so the percentiles follow the stream as it is now, not its
 * whole history. Percentiles are nearest-rank: the {@code p}-th percentile of {@code n} sorted
 * samples is the {@code ⌈p/100 · n⌉}-th smallest. Sorting uses a scratch array allocated once.
 *
 * <p>Not thread-safe: {@link DashboardState} guards it.
 */
final class LatencyReservoir {

  private final long[] samples;
  private final long[] scratch;
  private int next;
  private int size;
  private long count;

  LatencyReservoir(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("the reservoir holds at least one sample");
    }
    this.samples = new long[capacity];
    this.scratch = new long[capacity];
  }

  void add(long millis) {
    samples[next] = millis;
    next = next + 1 == samples.length ? 0 : next + 1;
    size = Math.min(size + 1, samples.length);
    count++;
  }

  /** Percentiles {@code ps} (each in (0, 100]) of the held samples; empty input gives NaNs. */
  double[] percentiles(double... ps) {
    double[] out = new double[ps.length];
    if (size == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    System.arraycopy(samples, 0, scratch, 0, size);
    Arrays.sort(scratch, 0, size);
    for (int j = 0; j < ps.length; j++) {
      if (!(ps[j] > 0 && ps[j] <= 100)) {
        throw new IllegalArgumentException("a percentile is in (0, 100], got " + ps[j]);
      }
      int rank = (int) Math.ceil(ps[j] / 100.0 * size);
      out[j] = scratch[Math.max(1, rank) - 1];
    }
    return out;
  }

  /** The largest held sample, or NaN. */
  double max() {
    long m = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      m = Math.max(m, samples[i]);
    }
    return size == 0 ? Double.NaN : m;
  }

  /** How many samples are held now. */
  int size() {
    return size;
  }

  /** How many samples were ever added. */
  long count() {
    return count;
  }
}
