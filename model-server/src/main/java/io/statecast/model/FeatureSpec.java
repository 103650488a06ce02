package io.statecast.model;

/**
 * One input of the model: where its value comes from and how it is scaled, {@code x = (v − mean) /
 * std}.
 *
 * @param name a name for reports, and the map key for {@link FeatureKind#NAMED}
 * @param kind the source of the value
 * @param index position in {@code Observation.features} for {@link FeatureKind#FEATURE}
 * @param mean subtracted before the model sees the value
 * @param std divides the centred value (positive)
 */
public record FeatureSpec(String name, FeatureKind kind, int index, double mean, double std) {

  public FeatureSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("every input feature needs a name");
    }
    if (kind == null) {
      throw new IllegalArgumentException("input feature '" + name + "' needs a kind");
    }
    if (index < 0) {
      throw new IllegalArgumentException(
          "input feature '" + name + "' has a negative index " + index);
    }
    if (std == 0.0) {
      std = 1.0;
    }
    if (!(std > 0.0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
      throw new IllegalArgumentException(
          "input feature '" + name + "' needs a finite mean and a positive std");
    }
  }

  /** {@code Observation.features[index]}, unscaled. */
  public static FeatureSpec raw(int index) {
    return new FeatureSpec("x" + index, FeatureKind.FEATURE, index, 0.0, 1.0);
  }

  /** The scaled value the model sees. */
  public double scale(double value) {
    return (value - mean) / std;
  }
}
