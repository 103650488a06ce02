package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the category of an {@link EmbeddingSpec} comes from. */
public enum EmbeddingSource {
  /** {@code Observation.key}: the entity itself. */
  @JsonProperty("key")
  KEY,
  /** The day of the week of the event time (UTC, {@code MONDAY} … {@code SUNDAY}). */
  @JsonProperty("day_of_week")
  DAY_OF_WEEK,
  /**
   * {@code Observation.features[index]}, a numeric column whose values are category codes; the
   * category is the value's decimal form ({@code 3.0} is {@code "3"}, {@code 2.5} is {@code
   * "2.5"}).
   */
  @JsonProperty("column")
  COLUMN
}
