package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlStack;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al. 2014) on the non-recurrent connections of the stack, as
 * Zaremba et al. (2014) regularise LSTMs: each cell's input and the head's input are multiplied
 * while training by a fresh mask {@code m / (1 − p)}, {@code m ~ Bernoulli(1 − p)} per unit, row
 * and step, so their expectation is unchanged and inference, which never drops, needs no rescaling.
 * The recurrent connections ({@code h_{t−1}}, {@code c_{t−1}}) are never dropped. Masks are drawn
 * in Java from a seeded generator so that a run is reproducible.
 */
final class Dropout implements DjlStack.Dropout {

  private final double rate;
  private final float keep;
  private final SplittableRandom random;

  /**
   * @param rate the probability {@code p ∈ (0, 1)} of dropping a unit
   */
  Dropout(double rate, long seed) {
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("a dropout rate is in (0, 1), got " + rate);
    }
    this.rate = rate;
    this.keep = (float) (1 / (1 - rate));
    this.random = new SplittableRandom(seed);
  }

  @Override
  public NDArray apply(int site, NDArray a) {
    Shape shape = a.getShape(); // (B, n)
    float[] m = new float[(int) shape.size()];
    for (int i = 0; i < m.length; i++) {
      m[i] = random.nextDouble() < rate ? 0f : keep;
    }
    return a.mul(a.getManager().create(m, shape));
  }
}
