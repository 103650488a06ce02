package io.statecast.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Logistic noise {@code ε = log u − log(1 − u)}, {@code u ~ U(0, 1)}, one value per gate value: the
 * difference of two Gumbel variables, which turns {@code σ((z + ε) / τ)} into the Gumbel-sigmoid of
 * G2-LSTM (Li et al. 2018; Maddison et al. 2017, Jang et al. 2017). Drawn in Java from a seeded
 * generator so that a run is reproducible.
 */
final class GumbelNoise implements Unroll.Noise {

  private final SplittableRandom random;
  private final int layers;
  private final int hidden;

  GumbelNoise(long seed, int layers, int hidden) {
    this.random = new SplittableRandom(seed);
    this.layers = layers;
    this.hidden = hidden;
  }

  @Override
  public NDList next(NDManager scope, int batch) {
    NDList out = new NDList(layers);
    for (int k = 0; k < layers; k++) {
      float[] e = new float[batch * 2 * hidden];
      for (int i = 0; i < e.length; i++) {
        double u = random.nextDouble(1e-7, 1 - 1e-7);
        e[i] = (float) (Math.log(u) - Math.log1p(-u));
      }
      out.add(scope.create(e, new Shape(batch, 2L * hidden))); // (B, 2H) [ε_i | ε_f]
    }
    return out;
  }
}
