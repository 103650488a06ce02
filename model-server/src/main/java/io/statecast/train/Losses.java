package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The training losses of {@link LossKind}, masked and averaged over the scored entries.
 *
 * <p>Constants are arrays owned by the pass's manager, never {@code NDArray.mul(Number)} and the
 * like: DJL creates such a scalar from a Java buffer and frees it as soon as the operation returns,
 * while autograd keeps a reference to it for the backward pass, which would then read freed memory.
 */
final class Losses {

  private Losses() {}

  /**
   * {@code Σ m ⊙ ℓ(ŷ − y) / count} for a point loss; for {@link LossKind#PINBALL} {@code Σ_τ Σ m ⊙
   * ρ_τ(y − ŷ_τ) / (count · Q)}, the mean over the {@code Q} levels as well.
   *
   * @param levels the quantile head's levels {@code τ_q} (pinball only; empty for a point loss)
   * @param pred forecasts {@code (T, B, Q · h)}, level-major ({@code Q = 1} for a point loss)
   * @param target normalised targets {@code (T, B, h)}
   * @param mask 1 where the entry is scored, else 0 {@code (T, B, h)}
   * @param count {@code Σ mask} (positive)
   * @return a scalar
   */
  static NDArray loss(
      LossKind kind,
      List<Double> levels,
      NDArray pred,
      NDArray target,
      NDArray mask,
      double count) {
    NDManager m = pred.getManager();
    if (kind == LossKind.PINBALL) {
      return pinball(levels, pred, target, mask, count);
    }
    NDArray e = pred.sub(target);
    NDArray l =
        switch (kind) {
          case MAE -> e.abs();
          case MSE -> e.square();
          case HUBER -> {
            NDArray a = e.abs();
            NDArray q = a.clip(0f, 1f); // min(|e|, 1)
            yield q.square().mul(m.create(0.5f)).add(a.sub(q)); // ½ q² + (|e| − q)
          }
          case PINBALL -> throw new AssertionError("handled above");
        };
    return l.mul(mask).sum().mul(m.create((float) (1.0 / count)));
  }

  /** {@code ρ_τ(e) = max(τ·e, (τ − 1)·e)}, {@code e = y − ŷ_τ}, broadcast over the levels. */
  private static NDArray pinball(
      List<Double> levels, NDArray pred, NDArray target, NDArray mask, double count) {
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("the pinball loss needs quantile levels");
    }
    NDManager m = pred.getManager();
    Shape s = target.getShape(); // (T, B, h)
    int q = levels.size();
    float[] tau = new float[q];
    float[] below = new float[q];
    for (int i = 0; i < q; i++) {
      tau[i] = levels.get(i).floatValue();
      below[i] = tau[i] - 1f;
    }
    NDArray p = pred.reshape(s.get(0), s.get(1), q, s.get(2)); // (T, B, Q, h)
    NDArray e = target.expandDims(2).sub(p); // (T, B, Q, h)
    NDArray rho =
        e.mul(m.create(tau, new Shape(q, 1))).maximum(e.mul(m.create(below, new Shape(q, 1))));
    return rho.mul(mask.expandDims(2)).sum().mul(m.create((float) (1.0 / (count * q))));
  }
}
