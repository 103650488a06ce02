package io.statecast.train;

import ai.djl.ndarray.NDArray;

/** The training losses of {@link LossKind}, masked and averaged over the scored entries. */
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
    NDArray e = pred.sub(target);
    NDArray l =
        switch (kind) {
          case MAE -> e.abs();
          case MSE -> e.square();
          case HUBER -> {
            NDArray a = e.abs();
            NDArray q = a.minimum(1f);
            yield q.square().mul(0.5f).add(a.sub(q)); // ½ q² + (|e| − q)
          }
        };
    return l.mul(mask).sum().div((float) count);
  }
}
