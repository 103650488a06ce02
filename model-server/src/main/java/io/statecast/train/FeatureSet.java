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
  /**
   * The calendar features that suit the data's cadence ({@link
   * io.statecast.model.Cadence#calendar}): hour of the day and day of the week for hourly data, day
   * of the week and of the year for daily, day of the year for weekly, month of the year for
   * monthly. The default.
   */
  @JsonProperty("calendar")
  CALENDAR,
  /** {@code sin, cos(2π · hour / 24)} of the event time, the hour with its fraction. */
  @JsonProperty("hour_of_day")
  HOUR_OF_DAY,
  /** {@code sin, cos(2π · dow / 7)} of the event time. */
  @JsonProperty("day_of_week")
  DAY_OF_WEEK,
  /** {@code sin, cos(2π · (doy − 1) / 365.25)} of the event time. */
  @JsonProperty("day_of_year")
  DAY_OF_YEAR,
  /** {@code sin, cos(2π · (month − 1) / 12)} of the event time. */
  @JsonProperty("month_of_year")
  MONTH_OF_YEAR,
  /** Time since the key's previous observation, in periods of the data's cadence. */
  @JsonProperty("gap")
  GAP,
  /** Every extra numeric column of the data, standardised with its training mean and std. */
  @JsonProperty("extras")
  EXTRAS,
  /**
   * With a holiday calendar for the data ({@code --holidays}): the number of public holidays in the
   * observation's period and in each of the next {@code horizon} periods, the targets' calendar
   * (standardised); nothing without a calendar.
   */
  @JsonProperty("holidays")
  HOLIDAYS
}
