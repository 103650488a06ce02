package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) after clipping the global gradient norm (Pascanu et al. 2013):
 *
 * <pre>
 * g ← g · min(1, c / ‖g‖₂)          ‖g‖₂ over all parameters together
 * m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  w ← w − α · √(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)
 * </pre>
 *
 * The update itself is DJL's {@link Adam} (PyTorch's fused in-place update, which also zeroes the
 * gradient); the learning rate {@code α} can be lowered between updates.
 */
final class Optim {

  private final Optimizer adam;
  private final double clipNorm;
  private double learningRate;
  private double lastNorm;

  Optim(double learningRate, double clipNorm, double weightDecay) {
    this.learningRate = learningRate;
    this.clipNorm = clipNorm;
    this.adam =
        Adam.builder()
            .optLearningRateTracker((id, n) -> (float) this.learningRate)
            .optWeightDecays((float) weightDecay)
            .build();
  }

  double learningRate() {
    return learningRate;
  }

  /** Multiplies the learning rate by {@code factor}. */
  void decay(double factor) {
    learningRate *= factor;
  }

  /** The global gradient norm before clipping, at the last update. */
  double lastNorm() {
    return lastNorm;
  }

  /** Clips and applies the accumulated gradients of {@code params}, then zeroes them. */
  void step(Map<String, NDArray> params, NDManager parent) {
    try (NDManager scope = parent.newSubManager()) {
      NDList grads = new NDList(params.size());
      NDList squares = new NDList(params.size());
      for (NDArray p : params.values()) {
        NDArray g = p.getGradient();
        g.attach(scope); // the wrapper, not the gradient storage, is freed with the scope
        grads.add(g);
        squares.add(g.square().sum());
      }
      lastNorm = Math.sqrt(NDArrays.stack(squares).sum().getFloat());
      if (!Double.isFinite(lastNorm)) {
        StringBuilder which = new StringBuilder();
        int i = 0;
        for (String name : params.keySet()) {
          if (!Float.isFinite(squares.get(i++).getFloat())) {
            which.append(which.length() == 0 ? "" : ", ").append(name);
          }
        }
        throw new IllegalStateException(
            "training diverged: the gradient of " + which + " is not finite");
      }
      if (lastNorm > clipNorm) {
        float scale = (float) (clipNorm / (lastNorm + 1e-6));
        for (NDArray g : grads) {
          g.muli(scale);
        }
      }
      int i = 0;
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        adam.update(e.getKey(), e.getValue(), grads.get(i++));
      }
    }
  }
}
