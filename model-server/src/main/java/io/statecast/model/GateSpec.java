package io.statecast.model;

/**
 * Gate nonlinearity of the input and forget gates (see {@link GateMode}).
 *
 * @param mode sigmoid, hard (G2-LSTM inference) or gumbel (G2-LSTM training)
 * @param temperature {@code τ > 0}: gates are {@code σ(z / τ)} (sigmoid) or the Gumbel-sigmoid at
 *     that temperature; ignored by {@link GateMode#HARD}
 */
public record GateSpec(GateMode mode, double temperature) {

  /** The standard LSTM gates: sigmoid at temperature 1. */
  public static final GateSpec STANDARD = new GateSpec(GateMode.SIGMOID, 1.0);

  public GateSpec {
    if (mode == null) {
      mode = GateMode.SIGMOID;
    }
    if (temperature == 0.0) {
      temperature = 1.0;
    }
    if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("gate temperature must be positive, got " + temperature);
    }
  }

  /** The same gates hardened for G2-LSTM inference. */
  public GateSpec hardened() {
    return new GateSpec(GateMode.HARD, temperature);
  }
}
