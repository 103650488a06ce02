package io.statecast.testing;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.source.ObservationEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small models and observations for the job's tests, and the offline oracle they are checked
 * against.
 */
public final class TestModels {

  public static final long DAY = 86_400_000L;
  public static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

  private TestModels() {}

  /** target + calendar + gap features, 2 layers of 8 (peephole, residual), horizon 3. */
  public static ModelSpec spec() {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "test-model",
        1,
        "for tests",
        new InputSpec(
            List.of(
                new FeatureSpec("value", FeatureKind.TARGET, 0, 10.0, 4.0),
                new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0, 1),
                new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0, 1),
                new FeatureSpec("gap", FeatureKind.GAP_DAYS, 0, 1.0, 1.0))),
        new CellSpec(CellVariant.PEEPHOLE, 8, 0, GateSpec.STANDARD),
        new StackSpec(2, Connection.RESIDUAL),
        new HeadSpec(3, 2, 0));
  }

  /** Writes the test model to {@code dir} and loads it back. */
  public static ModelArtifact write(Path dir) throws IOException {
    return ModelArtifact.write(dir, RandomWeights.of(spec(), 17), Map.of());
  }

  /** An observation of {@code key} on day {@code day} after {@link #START}. */
  public static Observation observation(String key, int day, float value) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(START + day * DAY)
        .setTarget(value)
        .build();
  }

  /** The observation as the source would hand it on. */
  public static ObservationEvent event(String key, int day, float value, long offset) {
    return new ObservationEvent(
        observation(key, day, value), START + day * DAY + 1, "observations", 0, offset);
  }

  /**
   * The oracle: each key's observations stepped offline, one at a time and in order, through the
   * double-precision reference, with the same feature encoding as the job.
   */
  public static final class Offline {
    private final ModelArtifact artifact;
    private final ReferenceModel model;
    private final FeatureEncoder encoder;
    private final Map<String, double[]> states = new HashMap<>();
    private final Map<String, Long> last = new HashMap<>();

    public Offline(ModelArtifact artifact) {
      this.artifact = artifact;
      this.model = new ReferenceModel(artifact.weights());
      this.encoder = FeatureEncoder.of(artifact);
    }

    /** The forecast (target units) after stepping {@code o} into its key's state. */
    public float[] step(Observation o) throws InvalidObservationException {
      float[] x = new float[encoder.size()];
      Long prev = last.get(o.getKey());
      encoder.encode(o, prev == null ? FeatureEncoder.NO_PREVIOUS : prev, x, 0);
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        xd[i] = x[i];
      }
      double[] state = states.computeIfAbsent(o.getKey(), k -> model.newState());
      double[] f = model.step(xd, state).forecast();
      last.put(o.getKey(), o.getEventTime());
      float[] scaled = new float[f.length];
      for (int i = 0; i < f.length; i++) {
        scaled[i] = (float) f[i];
      }
      float[] units = new float[f.length];
      encoder.forecastToUnits(o.getKey(), scaled, 0, f.length, units, 0);
      return units;
    }

    public ModelArtifact artifact() {
      return artifact;
    }
  }
}
