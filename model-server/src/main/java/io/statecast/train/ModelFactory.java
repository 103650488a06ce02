package io.statecast.train;

import io.statecast.model.CellSpec;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the training and serving specs of a configuration, and the initial weights.
 *
 * <p>Initial weights: PyTorch's {@code nn.LSTM} initialisation ({@link RandomWeights}) with the
 * forget-gate bias raised by {@code forgetBias}; the autoregressive term starts as persistence
 * ({@code W_ar[j] = e_k}, the last value, for every output {@code j}: every step and, for a
 * quantile head, every level; {@code b_ar = 0}) and the dense head at a tenth of its random scale
 * with a zero bias, so the untrained model forecasts the last value and the network learns what
 * persistence misses.
 */
final class ModelFactory {

  private ModelFactory() {}

  /**
   * The spec to train: Gumbel gates at the start temperature for G2, else standard gates; the head
   * clipped at zero as {@link ModelOptions#head(boolean)} decides from {@code targetsNonNegative}.
   */
  static ModelSpec trainingSpec(
      ModelOptions m, InputSpec inputs, String id, double tau0, boolean targetsNonNegative) {
    GateSpec gates = m.g2() ? new GateSpec(GateMode.GUMBEL, tau0) : GateSpec.STANDARD;
    return new ModelSpec(
        ModelSpec.FORMAT,
        id,
        1,
        description(m),
        inputs,
        new CellSpec(m.variant(), m.hidden(), m.projection(), gates),
        m.stack(),
        m.head(targetsNonNegative));
  }

  /** The spec to serve: G2 gates hardened, {@code 1[z > 0]}. */
  static ModelSpec servingSpec(ModelSpec training) {
    GateSpec g = training.cell().gates();
    return g.mode() == GateMode.GUMBEL ? training.withGates(g.hardened()) : training;
  }

  /** The initial weights of {@code spec}. */
  static ModelWeights initial(ModelSpec spec, long seed, double forgetBias) {
    ModelWeights random = RandomWeights.of(spec, seed, forgetBias);
    Map<String, Tensor> t = new LinkedHashMap<>(random.tensors());
    scale(t, WeightNames.HEAD_WEIGHT, 0.1);
    scale(t, WeightNames.HEAD_BIAS, 0.0);
    int k = spec.head().autoregressive();
    if (k > 0) {
      int h = spec.head().outputs();
      double[] w = new double[h * k];
      for (int j = 0; j < h; j++) {
        w[j * k + k - 1] = 1.0;
      }
      t.put(WeightNames.AR_WEIGHT, Tensor.ofDoubles(new int[] {h, k}, w).as(Tensor.DType.FLOAT32));
      t.put(WeightNames.AR_BIAS, Tensor.zeros(Tensor.DType.FLOAT32, h));
    }
    return ModelWeights.bind(spec, t, "initial weights");
  }

  private static void scale(Map<String, Tensor> t, String name, double factor) {
    Tensor a = t.get(name);
    double[] d = a.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (d[i] * factor);
    }
    t.put(name, new Tensor(Tensor.DType.FLOAT32, a.shape(), d));
  }

  private static String description(ModelOptions m) {
    return String.format(
        "%d-layer %s%s LSTM (H=%d%s, %s%s%s), horizon %d%s, AR(%d)%s, trained by statecast train",
        m.layers(),
        m.g2() ? "G2 " : "",
        m.variant().name().toLowerCase(java.util.Locale.ROOT),
        m.hidden(),
        m.projection() > 0 ? ", R=" + m.projection() : "",
        m.connection().name().toLowerCase(java.util.Locale.ROOT),
        m.feeds().all() ? "" : " feeds " + m.feeds(),
        m.window() == 0 ? "" : ", bidirectional window " + m.window() + " with attention",
        m.horizon(),
        m.probabilistic() ? ", quantiles " + m.quantiles() : "",
        m.autoregressive(),
        m.embeddings().isEmpty() ? "" : ", embeddings " + m.embeddings());
  }
}
