package io.statecast.serve;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.ReferenceKernel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import java.util.List;

/**
 * What the server must answer, computed offline: one key stepped one event at a time through the
 * reference kernel, inputs from the {@link FeatureEncoder}, forecasts in target units.
 */
final class Offline {

  private final ModelArtifact artifact;
  private final FeatureEncoder encoder;
  private final ReferenceKernel kernel;
  private final float[] state;
  private final float[] x;
  private final float[] forecast;
  private long previous = FeatureEncoder.NO_PREVIOUS;

  Offline(ModelArtifact artifact) {
    this.artifact = artifact;
    this.encoder = FeatureEncoder.of(artifact);
    this.kernel = new ReferenceKernel(artifact.weights());
    this.state = new float[artifact.spec().stateLayout().size()];
    this.x = new float[encoder.size()];
    this.forecast = new float[artifact.spec().head().outputs()];
  }

  /** Steps one observation; the forecast after it, in target units. */
  float[] step(Observation o) {
    stepScaled(o);
    float[] out = new float[forecast.length];
    encoder.forecastToUnits(o.getKey(), forecast, 0, forecast.length, out, 0);
    return out;
  }

  /**
   * Steps one observation; the head's outputs after it as the kernel computes them: normalised, in
   * the head's order, not finished (quantiles unsorted).
   */
  float[] stepScaled(Observation o) {
    try {
      encoder.encode(o, previous, x, 0);
    } catch (InvalidObservationException e) {
      throw new IllegalArgumentException(e);
    }
    previous = o.getEventTime();
    kernel.step(1, x, state, null, forecast);
    return forecast.clone();
  }

  /** The forecast after a whole window from a fresh state. */
  static float[] window(ModelArtifact artifact, List<Observation> window) {
    Offline o = new Offline(artifact);
    float[] f = null;
    for (Observation obs : window) {
      f = o.step(obs);
    }
    return f;
  }

  float[] state() {
    return state.clone();
  }

  ModelArtifact artifact() {
    return artifact;
  }
}
