package io.statecast.model;

import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial weights for a spec, reproducible from a seed: every weight uniform in {@code [−1/√H,
 * 1/√H]} as PyTorch initialises {@code nn.LSTM}, except the forget-gate bias, which starts at
 * {@code forgetBias} (Jozefowicz et al. 2015 recommend 1 so that the cell remembers from the
 * start), the highway bias, which starts at −1 so that layers begin by carrying their input, and
 * the input embeddings, which start standard normal as PyTorch initialises {@code nn.Embedding}.
 */
public final class RandomWeights {

  private RandomWeights() {}

  /** PyTorch-style initial weights with a zero forget-gate offset. */
  public static ModelWeights of(ModelSpec spec, long seed) {
    return of(spec, seed, 0.0);
  }

  /** Initial weights; {@code forgetBias} is added to {@code bias_ih}'s forget rows. */
  public static ModelWeights of(ModelSpec spec, long seed, double forgetBias) {
    SplittableRandom random = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(spec.cell().hidden());
    int hidden = spec.cell().hidden();
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    WeightNames.expected(spec)
        .forEach(
            (name, shape) -> {
              Tensor t = Tensor.zeros(Tensor.DType.FLOAT32, shape);
              double[] d = t.data();
              for (int i = 0; i < d.length; i++) {
                d[i] = (float) random.nextDouble(-bound, bound);
              }
              if (name.startsWith("embedding_")) {
                for (int i = 0; i < d.length; i++) {
                  d[i] = (float) random.nextGaussian();
                }
              } else if (name.startsWith("bias_ih_l")) {
                for (int n = hidden; n < 2 * hidden; n++) {
                  d[n] = (float) (d[n] + forgetBias);
                }
              } else if (name.startsWith("bias_t_l")) {
                java.util.Arrays.fill(d, -1.0);
              }
              tensors.put(name, t);
            });
    return ModelWeights.bind(spec, tensors, "random weights (seed " + seed + ")");
  }
}
