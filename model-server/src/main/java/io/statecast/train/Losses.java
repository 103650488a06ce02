package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

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
   * {@code Σ m ⊙ ℓ(ŷ − y) / count}.
   *
   * @param pred forecasts {@code (T, B, h)}
   * @param target normalised targets {@code (T, B, h)}
   * @param mask 1 where the entry is scored, else 0 {@code (T, B, h)}
   * @param count {@code Σ mask} (positive)
   * @return a scalar
   */
  static NDArray loss(LossKind kind, NDArray pred, NDArray target, NDArray mask, double count) {
    NDManager m = pred.getManager();
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
        };
    return l.mul(mask).sum().mul(m.create((float) (1.0 / count)));
  }
}
