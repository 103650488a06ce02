package io.statecast.dashboard;

import java.util.Arrays;

/**
 * Histograms of the input and forget gate values of every layer: the G2-LSTM view of whether the
 * gates are binary (Li et al., "Towards Binary-Valued Gates for Robust LSTM Training", ICML 2018).
 *
 * <p>Gate values lie in [0, 1]; {@code bins} equal bins cover that range, bin {@code b} holding
 * {@code [b/bins, (b+1)/bins)} and the last one also 1. Values outside are clamped into the end
 * bins; NaN is not counted. A trained G2-LSTM piles its mass into the end bins, an ordinary LSTM
 * spreads it: {@link #nearBinary} is the share in the first and last bin.
 *
 * <p>Not thread-safe: the gate sampler adds and snapshots under its own lock.
 */
final class GateHistogram {

  private final int bins;
  private final long[][] input; // (layers, bins)
  private final long[][] forget; // (layers, bins)
  private long steps;

  GateHistogram(int layers, int bins) {
    if (layers < 1 || bins < 2) {
      throw new IllegalArgumentException("a gate histogram needs a layer and two bins");
    }
    this.bins = bins;
    this.input = new long[layers][bins];
    this.forget = new long[layers][bins];
  }

  /**
   * Adds the gates of one step: per layer {@code [i (H) | f (H)]}, as {@link
   * io.statecast.cell.reference.ReferenceModel#step} traces them.
   */
  void add(double[][] trace) {
    for (int k = 0; k < input.length; k++) {
      double[] t = trace[k];
      int hidden = t.length / 2;
      for (int n = 0; n < hidden; n++) {
        count(input[k], t[n]);
        count(forget[k], t[hidden + n]);
      }
    }
    steps++;
  }

  private void count(long[] h, double v) {
    if (Double.isNaN(v)) {
      return;
    }
    int b = (int) (v * bins);
    h[b < 0 ? 0 : Math.min(b, bins - 1)]++;
  }

  /** The bin of {@code v} (for tests and labels). */
  int binOf(double v) {
    int b = (int) (v * bins);
    return b < 0 ? 0 : Math.min(b, bins - 1);
  }

  int bins() {
    return bins;
  }

  int layers() {
    return input.length;
  }

  /** Steps added. */
  long steps() {
    return steps;
  }

  /** Input gate counts of layer {@code k} (a copy). */
  long[] input(int k) {
    return input[k].clone();
  }

  /** Forget gate counts of layer {@code k} (a copy). */
  long[] forget(int k) {
    return forget[k].clone();
  }

  /**
   * The share of values of one gate (all layers) in the first or last bin, NaN before any value.
   */
  static double nearBinary(long[][] histograms) {
    long ends = 0;
    long all = 0;
    for (long[] h : histograms) {
      ends += h[0] + h[h.length - 1];
      all += Arrays.stream(h).sum();
    }
    return all == 0 ? Double.NaN : (double) ends / all;
  }

  /** Input gate counts of every layer (a copy). */
  long[][] inputs() {
    return copy(input);
  }

  /** Forget gate counts of every layer (a copy). */
  long[][] forgets() {
    return copy(forget);
  }

  private static long[][] copy(long[][] a) {
    long[][] out = new long[a.length][];
    for (int k = 0; k < a.length; k++) {
      out[k] = a[k].clone();
    }
    return out;
  }
}
