package io.statecast.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The training loss on the normalised target, averaged over every scored step and horizon:
 *
 * <ul>
 *   <li>{@link #MAE}: {@code |ŷ − y|}, whose minimiser is the conditional median; matches the MAE
 *       the evaluation ranks models by.
 *   <li>{@link #MSE}: {@code (ŷ − y)²}, the conditional mean.
 *   <li>{@link #HUBER}: {@code ½e²} for {@code |e| ≤ 1}, {@code |e| − ½} beyond (Huber 1964), in
 *       units of the key's standard deviation.
 *   <li>{@link #PINBALL}: for a quantile head, the mean over its levels {@code τ} of {@code ρ_τ(e)
 *       = max(τ·e, (τ − 1)·e)} with {@code e = y − ŷ_τ} (Koenker and Bassett 1978), whose minimiser
 *       is the conditional {@code τ}-quantile; the only loss of a quantile head, and only of one.
 * </ul>
 */
public enum LossKind {
  @JsonProperty("mae")
  MAE,
  @JsonProperty("mse")
  MSE,
  @JsonProperty("huber")
  HUBER,
  @JsonProperty("pinball")
  PINBALL
}
