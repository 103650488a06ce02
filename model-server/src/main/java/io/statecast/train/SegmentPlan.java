package io.statecast.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How an epoch cuts the keys' fit parts into rows. Each key's fit part {@code [0, F)} is cut at a
 * random offset {@code o ∈ [0, S)} into segments {@code [0, o), [o, o + S), [o + S, o + 2S), …}; a
 * segment starting at {@code s} is preceded by up to {@code W} warm-up steps {@code [max(0, s − W),
 * s)} that bring the state up without loss. The first segment of a key starts from the zero state
 * at the key's first observation, exactly as serving starts a new key.
 *
 * @param rows the segments of this epoch, in key order
 */
record SegmentPlan(List<Row> rows) {

  /**
   * One row of a batch.
   *
   * @param key index into the training data's keys
   * @param warmStart first position stepped (from the zero state)
   * @param start first position whose forecasts are scored
   * @param end one past the last position stepped
   */
  record Row(int key, int warmStart, int start, int end) {}

  /** This epoch's rows. */
  static SegmentPlan of(List<KeyData> keys, int segment, int warmup, SplittableRandom random) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      int fit = keys.get(k).fitEnd();
      int offset = fit > segment ? random.nextInt(segment) : 0;
      int s = 0;
      int next = offset > 0 ? offset : Math.min(segment, fit);
      while (s < fit - 1) {
        rows.add(new Row(k, Math.max(0, s - warmup), s, next));
        s = next;
        next = Math.min(s + segment, fit);
      }
    }
    return new SegmentPlan(rows);
  }
}
