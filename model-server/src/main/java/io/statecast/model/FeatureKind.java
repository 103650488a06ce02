package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where one input feature of the model comes from. */
public enum FeatureKind {
  /** {@code Observation.features[index]}. */
  @JsonProperty("feature")
  FEATURE,
  /** {@code Observation.named[name]}. */
  @JsonProperty("named")
  NAMED,
  /** {@code Observation.target}: the series being forecast. */
  @JsonProperty("target")
  TARGET,
  /** {@code sin(2π · dayOfWeek / 7)} of the event time (UTC, Monday = 0). */
  @JsonProperty("day_of_week_sin")
  DAY_OF_WEEK_SIN,
  /** {@code cos(2π · dayOfWeek / 7)} of the event time (UTC, Monday = 0). */
  @JsonProperty("day_of_week_cos")
  DAY_OF_WEEK_COS,
  /** {@code sin(2π · (dayOfYear − 1) / 365.25)} of the event time (UTC). */
  @JsonProperty("day_of_year_sin")
  DAY_OF_YEAR_SIN,
  /** {@code cos(2π · (dayOfYear − 1) / 365.25)} of the event time (UTC). */
  @JsonProperty("day_of_year_cos")
  DAY_OF_YEAR_COS,
  /** Time since the key's previous observation, in days (the gap feature). */
  @JsonProperty("gap_days")
  GAP_DAYS
}
