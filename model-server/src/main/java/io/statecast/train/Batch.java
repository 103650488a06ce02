package io.statecast.train;

import java.util.List;

/**
 * Host arrays of one batch of rows, time-major, the warm-up part first. Step {@code τ} of row
 * {@code b} is position {@code start_b − W + τ} of its key; steps outside the row are padding (zero
 * inputs, no loss), and the reset mask {@code keep}, applied after each warm-up step, zeroes the
 * state after every padding step, so every row starts its first real step from the zero state
 * however much padding precedes it.
 *
 * <pre>
 * x    (W + S, B, I)  inputs
 * y    (W + S, B, h)  y[τ][b][j] = z_{p+1+j}, the normalised target j + 1 steps ahead
 * mask (W + S, B, h)  the key's weight (KeyData#weight) where p ≥ start, p < end and
 *                    p + 1 + j < fitEnd, else 0
 * keep (W, B, 1)      0 while p < warmStart
 * </pre>
 *
 * @param batch rows {@code B}
 * @param x inputs
 * @param y targets
 * @param mask scored entries
 * @param keep reset mask of the warm-up steps
 * @param scored {@code Σ mask}: the weighted number of scored entries
 */
record Batch(int batch, float[] x, float[] y, float[] mask, float[] keep, double scored) {

  /** Fills a batch from {@code rows}. */
  static Batch of(
      List<SegmentPlan.Row> rows,
      List<KeyData> keys,
      int inputs,
      int horizon,
      int warmup,
      int seg) {
    int b = rows.size();
    int steps = warmup + seg;
    float[] x = new float[steps * b * inputs];
    float[] y = new float[steps * b * horizon];
    float[] m = new float[steps * b * horizon];
    float[] keep = new float[Math.max(warmup, 1) * b];
    double scored = 0;
    for (int r = 0; r < b; r++) {
      SegmentPlan.Row row = rows.get(r);
      KeyData k = keys.get(row.key());
      for (int tau = 0; tau < steps; tau++) {
        int p = row.start() - warmup + tau;
        if (tau < warmup) {
          keep[tau * b + r] = p >= row.warmStart() ? 1f : 0f;
        }
        if (p < row.warmStart() || p >= row.end()) {
          continue;
        }
        System.arraycopy(k.x(), p * inputs, x, (tau * b + r) * inputs, inputs);
        if (p < row.start()) {
          continue;
        }
        for (int j = 0; j < horizon; j++) {
          int q = p + 1 + j;
          if (q < k.fitEnd()) {
            int at = (tau * b + r) * horizon + j;
            y[at] = k.z()[q];
            m[at] = (float) k.weight();
            scored += k.weight();
          }
        }
      }
    }
    return new Batch(b, x, y, m, keep, scored);
  }
}
