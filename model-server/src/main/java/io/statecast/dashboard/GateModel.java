package io.statecast.dashboard;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.ModelSpec;

/**
 * One model, stepped one observation at a time to record its gates: the same input encoding as the
 * job ({@link FeatureEncoder}) and the reference cell ({@link ReferenceModel}, double precision;
 * the job steps in float32 on DJL, so gate values agree to float rounding).
 *
 * <p>The input and trace buffers are allocated once; not thread-safe (the gate thread owns it).
 */
final class GateModel {

  private final String id;
  private final int version;
  private final ReferenceModel model;
  private final FeatureEncoder encoder;
  private final float[] encoded; // (I)
  private final double[] x; // (I)
  private final double[][] trace; // (L, 2H): [i | f] per layer

  GateModel(ModelArtifact artifact) {
    ModelSpec spec = artifact.spec();
    this.id = spec.id();
    this.version = spec.version();
    this.model = new ReferenceModel(artifact.weights());
    this.encoder = FeatureEncoder.of(artifact);
    this.encoded = new float[spec.inputSize()];
    this.x = new double[spec.inputSize()];
    this.trace = new double[spec.layers()][2 * spec.cell().hidden()];
  }

  String id() {
    return id;
  }

  int version() {
    return version;
  }

  int layers() {
    return trace.length;
  }

  /** The zero state of a new key. */
  double[] newState() {
    return model.newState();
  }

  /**
   * Steps one observation into {@code state} and returns the gate trace, per layer {@code [i (H) |
   * f (H)]} (a buffer reused by the next step).
   *
   * @param previousEventTime the key's previous event time, or {@link FeatureEncoder#NO_PREVIOUS}
   * @throws InvalidObservationException when the model cannot read the observation
   */
  double[][] step(Observation o, long previousEventTime, double[] state)
      throws InvalidObservationException {
    encoder.encode(o, previousEventTime, encoded, 0);
    for (int j = 0; j < x.length; j++) {
      x[j] = encoded[j];
    }
    model.step(x, state, null, trace);
    return trace;
  }
}
