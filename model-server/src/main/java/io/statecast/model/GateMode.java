package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the input and forget gates turn pre-activations into gate values. The output gate is always a
 * sigmoid and the candidate {@code g} a {@code tanh}, as in G2-LSTM.
 *
 * <ul>
 *   <li>{@link #SIGMOID}: {@code σ(z / τ)}; with temperature {@code τ = 1} this is the standard
 *       LSTM.
 *   <li>{@link #HARD}: G2-LSTM inference (Li et al., "Towards Binary-Valued Gates for Robust LSTM
 *       Training", ICML 2018): the gate is hardened to exactly 0 or 1, {@code 1[z > 0]}, the limit
 *       of the Gumbel-sigmoid as {@code τ → 0}.
 *   <li>{@link #GUMBEL}: G2-LSTM training: {@code σ((z + log u − log(1 − u)) / τ)} with {@code u ~
 *       U(0, 1)} drawn afresh for every gate value; used by training, never by serving.
 * </ul>
 */
public enum GateMode {
  @JsonProperty("sigmoid")
  SIGMOID,
  @JsonProperty("hard")
  HARD,
  @JsonProperty("gumbel")
  GUMBEL
}
