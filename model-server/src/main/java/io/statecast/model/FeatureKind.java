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
  /**
   * {@code sin(2π · hourOfDay / 24)} of the event time (UTC), the hour with its fraction ({@code
   * 06:30} is 6.5).
   */
  @JsonProperty("hour_of_day_sin")
  HOUR_OF_DAY_SIN,
  /** {@code cos(2π · hourOfDay / 24)} of the event time (UTC), the hour with its fraction. */
  @JsonProperty("hour_of_day_cos")
  HOUR_OF_DAY_COS,
  /** {@code sin(2π · (month − 1) / 12)} of the event time (UTC, January = 1). */
  @JsonProperty("month_of_year_sin")
  MONTH_OF_YEAR_SIN,
  /** {@code cos(2π · (month − 1) / 12)} of the event time (UTC, January = 1). */
  @JsonProperty("month_of_year_cos")
  MONTH_OF_YEAR_COS,
  /**
   * Time since the key's previous observation, in days (the gap feature of models written before
   * the cadence was stored; still read).
   */
  @JsonProperty("gap_days")
  GAP_DAYS,
  /**
   * Time since the key's previous observation, in periods of the model's cadence ({@link
   * Cadence#periods}): 1 for a regular series.
   */
  @JsonProperty("gap_periods")
  GAP_PERIODS,
  /**
   * The number of public holidays of the model's calendar ({@code inputs.holidays}) in the period
   * {@code index} periods after the event's (0: the event's own): {@code index = h} tells a
   * forecast {@code h} steps ahead whether its target falls on a holiday.
   */
  @JsonProperty("holidays")
  HOLIDAYS
}
