package io.statecast.bench;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.util.Arrays;

/**
 * Stateful streaming against stateless recomputation, side by side on one kernel: stateful, a key's
 * state is kept, so each event costs one step; stateless, every event recomputes the model over the
 * key's last {@code window} events from a zero state, {@code window} steps per event. Both are
 * batched across {@code batch} events (keys), and they take turns in short rounds.
 */
public final class StatelessBench {

  /**
   * The two rates.
   *
   * @param stateful one step per event
   * @param stateless {@code window} steps from zero per event
   */
  public record Result(Rounds stateful, Rounds stateless) {

    /** Median stateful events/s over median stateless events/s. */
    public double ratio() {
      return stateful.medianWall() / stateless.medianWall();
    }
  }

  private StatelessBench() {}

  /**
   * Measures both on {@code kernelKind} at {@code batch} with a window of {@code window} events.
   */
  public static Result run(
      ModelWeights weights,
      KernelChoice kernelKind,
      int threads,
      int batch,
      int window,
      int rounds,
      long roundNanos) {
    ModelSpec spec = weights.spec();
    int in = batch * spec.inputSize();
    float[] windowInputs = KernelBench.randomInputs(window * in, 64L * batch); // (W, B, I)
    float[] x = new float[in];
    float[] forecast = new float[batch * spec.head().horizon()];
    float[] stateful = new float[batch * spec.stateLayout().size()];
    float[] scratch = new float[stateful.length];
    Result r = new Result(Rounds.of(rounds), Rounds.of(rounds));
    try (StepKernel k = kernelKind.open(weights, threads)) {
      System.arraycopy(windowInputs, 0, x, 0, in);
      for (int round = -2; round < rounds; round++) {
        r.stateful()
            .measure(round, roundNanos, batch, () -> k.step(batch, x, stateful, null, forecast));
        r.stateless()
            .measure(
                round,
                roundNanos,
                batch,
                () -> recompute(k, batch, window, in, windowInputs, x, scratch, forecast));
      }
    }
    return r;
  }

  private static void recompute(
      StepKernel k,
      int batch,
      int window,
      int in,
      float[] windowInputs,
      float[] x,
      float[] state,
      float[] forecast) {
    Arrays.fill(state, 0f);
    for (int t = 0; t < window; t++) {
      System.arraycopy(windowInputs, t * in, x, 0, in);
      // only the last step's forecast is the answer; earlier ones are written and overwritten
      k.step(batch, x, state, null, t == window - 1 ? forecast : null);
    }
  }
}
