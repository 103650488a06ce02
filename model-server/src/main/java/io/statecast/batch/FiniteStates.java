package io.statecast.batch;

import java.util.Arrays;

/**
 * The steppers' guard against a state that holds NaN or ±Inf: after every step of a row, the key's
 * new packed state ({@code h} and {@code c} of every layer, and the autoregressive window) is
 * scanned; a non-finite one is reset to the model's initial state (zeros, no steps, no recent
 * observations; the event time, model version and epoch kept, so that the triggering record still
 * counts as applied) and the row is marked ({@link KeyedBatch#nonFinite}) so that its owner emits a
 * dead letter instead of its result. The key's later rows in the same batch step from that fresh
 * state; other keys are not touched (a row's step never depends on the other rows of its call).
 *
 * <p>A finite but absurd input (say {@code 3e38}) overflows the gate pre-activations {@code W x + U
 * h + b} to ±Inf, their sums to NaN, and {@code c = f ⊙ c + i ⊙ g} to NaN, after which every later
 * step of the key would stay NaN: without the guard one record would silence the key for good.
 *
 * <p>Cost: one pass over {@code S} floats per stepped row, next to the step's {@code O(4H(I + H))}
 * multiply-adds per layer; the scan is branch-free ({@code x · 0} is 0 for a finite {@code x} and
 * NaN otherwise) so it does not mispredict on the hot path.
 */
final class FiniteStates {

  private FiniteStates() {}

  /** Whether {@code a[from … from + length)} holds only finite numbers. */
  static boolean finite(float[] a, int from, int length) {
    float acc = 0f;
    for (int i = from, end = from + length; i < end; i++) {
      acc += a[i] * 0f;
    }
    return acc == 0f;
  }

  /**
   * Resets {@code entry}'s state when it is not finite and marks {@code row}; true when it did.
   * {@code state} is the key's packed state now (on the host).
   */
  static boolean resetIfNonFinite(KeyedBatch<?> batch, int row, KeyedBatch.KeyEntry entry) {
    float[] s = entry.state.state;
    if (finite(s, 0, s.length)) {
      return false;
    }
    Arrays.fill(s, 0f);
    entry.state.resetSteps();
    batch.markNonFinite(row);
    return true;
  }
}
