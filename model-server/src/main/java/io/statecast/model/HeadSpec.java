package io.statecast.model;

/**
 * The output head: {@code ŷ = W_out y_top + b_out}, plus, when {@code autoregressive = k > 0}, a
 * linear autoregressive term over the last {@code k} values of one input feature, {@code ŷ += W_ar
 * [x_{t-k+1..t}] + b_ar} (the "highway" of LSTNet, Lai et al. 2018), which lets the network model
 * only what a linear model cannot.
 *
 * @param horizon number of forecast steps {@code h} (0: no head, the model outputs its top layer)
 * @param autoregressive window {@code k} of the linear term (0: none)
 * @param arFeature index of the input feature the linear term reads (the normalised target)
 */
public record HeadSpec(int horizon, int autoregressive, int arFeature) {

  /** No head: the model's output is the top layer's {@code y}. */
  public static final HeadSpec NONE = new HeadSpec(0, 0, 0);

  public HeadSpec {
    if (horizon < 0 || horizon > 10_000) {
      throw new IllegalArgumentException(
          "head.horizon must be between 0 and 10000, got " + horizon);
    }
    if (autoregressive < 0 || autoregressive > 10_000) {
      throw new IllegalArgumentException(
          "head.autoregressive must be between 0 and 10000, got " + autoregressive);
    }
    if (autoregressive > 0 && horizon == 0) {
      throw new IllegalArgumentException("head.autoregressive needs a head (horizon > 0)");
    }
    if (arFeature < 0) {
      throw new IllegalArgumentException("head.arFeature must not be negative, got " + arFeature);
    }
  }

  /** Whether there is a dense head. */
  public boolean present() {
    return horizon > 0;
  }
}
