package io.statecast.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Groups of input features a trained model can read; each becomes one or two {@link
 * io.statecast.model.FeatureSpec}s.
 */
public enum FeatureSet {
  /** The per-key normalised target itself (always first; the autoregressive term reads it). */
  @JsonProperty("target")
  TARGET,
  /** {@code sin, cos(2π · dow / 7)} of the event time. */
  @JsonProperty("day_of_week")
  DAY_OF_WEEK,
  /** {@code sin, cos(2π · (doy − 1) / 365.25)} of the event time. */
  @JsonProperty("day_of_year")
  DAY_OF_YEAR,
  /** Days since the key's previous observation. */
  @JsonProperty("gap")
  GAP,
  /** Every extra numeric column of the data, standardised with its training mean and std. */
  @JsonProperty("extras")
  EXTRAS
}
