package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model's input vector {@code x} of size {@code I}: one {@link FeatureSpec} per position, the
 * cadence of the data it was made for, which the calendar and gap features read, and the holiday
 * calendar the {@link FeatureKind#HOLIDAYS} features read.
 *
 * @param features the features in input order
 * @param cadence the data's cadence; a model written without one is {@link Cadence#DAILY}
 * @param holidays the ISO 3166 code of the public holiday calendar ({@code US}, {@code DE-BW}), or
 *     null for none (then no feature may be of kind {@link FeatureKind#HOLIDAYS})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputSpec(List<FeatureSpec> features, Cadence cadence, String holidays) {

  public InputSpec {
    if (features == null || features.isEmpty()) {
      throw new IllegalArgumentException("inputs.features must list at least one feature");
    }
    features = List.copyOf(features);
    Set<String> names = new HashSet<>();
    for (FeatureSpec f : features) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("input feature '" + f.name() + "' is listed twice");
      }
    }
    if (cadence == null) {
      cadence = Cadence.DAILY;
    }
    if (holidays == null && features.stream().anyMatch(f -> f.kind() == FeatureKind.HOLIDAYS)) {
      throw new IllegalArgumentException(
          "inputs has holiday features but no holiday calendar (inputs.holidays)");
    }
  }

  /** Features of data observed at {@code cadence}, without a holiday calendar. */
  public InputSpec(List<FeatureSpec> features, Cadence cadence) {
    this(features, cadence, null);
  }

  /** Features of daily data. */
  public InputSpec(List<FeatureSpec> features) {
    this(features, Cadence.DAILY, null);
  }

  /** {@code size} raw, unscaled features {@code Observation.features[0..size-1]}. */
  public static InputSpec raw(int size) {
    List<FeatureSpec> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(FeatureSpec.raw(i));
    }
    return new InputSpec(list);
  }

  /** The input size {@code I}. */
  public int size() {
    return features.size();
  }
}
