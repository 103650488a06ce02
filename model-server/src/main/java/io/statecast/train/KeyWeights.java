package io.statecast.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.statecast.features.KeyScaling;
import java.util.Arrays;
import java.util.List;

/**
 * How much each key's errors count in the training and validation losses ({@code
 * training.keyWeights}).
 *
 * <p>The network is trained on per-key normalised targets {@code z = (y − μ_k) / σ_k}, so an error
 * {@code e_z} in normalised units is {@code σ_k · e_z} in the data's units. The evaluation pools
 * absolute errors in data units over all keys; with {@link #SCALE} the loss weighs key {@code k}'s
 * entries by
 *
 * <pre>
 * w_k = σ_k / mean_j σ_j
 * </pre>
 *
 * so that the weighted loss is the pooled loss in data units up to one constant factor, and keys
 * with large values, which dominate the pooled error, get the model's attention in proportion.
 * DeepAR (Salinas et al. 2020, §3.4) does the same in expectation by sampling training windows with
 * probability proportional to each item's scale. With {@link #EQUAL} every key's normalised errors
 * count the same, whatever its scale; {@link #SQRT_SCALE}, {@code w_k = √σ_k / mean_j √σ_j}, lies
 * between the two.
 */
public enum KeyWeights {
  /** Every key's normalised errors weigh 1. */
  @JsonProperty("equal")
  EQUAL("equal"),
  /** Key {@code k}'s errors weigh {@code σ_k / mean σ}. */
  @JsonProperty("scale")
  SCALE("scale"),
  /** Key {@code k}'s errors weigh {@code √σ_k / mean √σ}. */
  @JsonProperty("sqrt-scale")
  SQRT_SCALE("sqrt-scale");

  private final String label;

  KeyWeights(String label) {
    this.label = label;
  }

  /** The name in configurations and on the command line. */
  public String label() {
    return label;
  }

  /**
   * The weights named {@code label} (case ignored).
   *
   * @throws IllegalArgumentException naming the known ones
   */
  public static KeyWeights parse(String label) {
    for (KeyWeights w : values()) {
      if (w.label.equalsIgnoreCase(label.trim())) {
        return w;
      }
    }
    throw new IllegalArgumentException("expected equal, scale or sqrt-scale, got '" + label + "'");
  }

  /** The weights of keys with the given training statistics, in their order. */
  double[] of(List<KeyScaling.Scale> scales) {
    double[] w = new double[scales.size()];
    if (this == EQUAL || w.length == 0) {
      Arrays.fill(w, 1.0);
      return w;
    }
    double mean = 0;
    for (int k = 0; k < w.length; k++) {
      double std = scales.get(k).std();
      w[k] = this == SCALE ? std : Math.sqrt(std);
      mean += w[k];
    }
    mean /= w.length;
    for (int k = 0; k < w.length; k++) {
      w[k] /= mean;
    }
    return w;
  }
}
