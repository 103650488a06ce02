package io.statecast.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model's input vector {@code x} of size {@code I}: one {@link FeatureSpec} per position.
 *
 * @param features the features in input order
 */
public record InputSpec(List<FeatureSpec> features) {

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
