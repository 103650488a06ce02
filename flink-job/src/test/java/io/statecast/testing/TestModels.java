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
import io.statecast.wire.WireCodec;
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

  /** Writes {@code version} of the test model (other weights, the same shapes). */
  public static ModelArtifact writeVersion(Path dir, int version, long seed) throws IOException {
    return ModelArtifact.write(dir, RandomWeights.of(spec().withVersion(version), seed), Map.of());
  }

  /** Writes {@code version} of the test model with another hidden size (another state shape). */
  public static ModelArtifact writeResized(Path dir, int version, int hidden) throws IOException {
    ModelSpec s = spec().withVersion(version);
    ModelSpec resized =
        new ModelSpec(
            s.format(),
            s.id(),
            version,
            s.description(),
            s.inputs(),
            new CellSpec(s.cell().variant(), hidden, 0, s.cell().gates()),
            s.stack(),
            s.head());
    return ModelArtifact.write(dir, RandomWeights.of(resized, 3), Map.of());
  }

  /**
   * Writes the test model with a narrowly scaled target (standard deviation {@code 0.5}): a value
   * near the float range (say {@code 3e38}) scales beyond it, to an infinite input.
   */
  public static ModelArtifact writeNarrowTarget(Path dir) throws IOException {
    ModelSpec s = spec();
    List<FeatureSpec> features = new java.util.ArrayList<>(s.inputs().features());
    FeatureSpec target = features.get(0);
    features.set(
        0, new FeatureSpec(target.name(), target.kind(), target.index(), target.mean(), 0.5));
    ModelSpec narrow =
        new ModelSpec(
            s.format(),
            s.id(),
            s.version(),
            s.description(),
            new InputSpec(features),
            s.cell(),
            s.stack(),
            s.head());
    return ModelArtifact.write(dir, RandomWeights.of(narrow, 17), Map.of());
  }

  /** An observation of {@code key} on day {@code day} after {@link #START}. */
  public static Observation observation(String key, int day, float value) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(START + day * DAY)
        .setTarget(value)
        .build();
  }

  /** An observation of {@code key} at {@code millis} after {@link #START}. */
  public static Observation observationAt(String key, long millis, float value) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(START + millis)
        .setTarget(value)
        .build();
  }

  /** The observation as the source would hand it on, with its bytes as they arrived. */
  public static ObservationEvent event(String key, int day, float value, long offset) {
    Observation o = observation(key, day, value);
    return new ObservationEvent(
        o, START + day * DAY + 1, "observations", 0, offset, CODEC.encode(o));
  }

  private static final WireCodec<Observation> CODEC = WireCodec.observations();

  /**
   * The oracle: each key's observations stepped offline, one at a time and in order, through the
   * double-precision reference, with the same feature encoding as the job; model switches applied
   * to every key at once with the same policies (eager here, lazy in the job: the same results).
   */
  public static final class Offline {
    private ModelArtifact artifact;
    private ReferenceModel model;
    private FeatureEncoder encoder;
    private final Map<String, double[]> states = new HashMap<>();
    private final Map<String, Long> last = new HashMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private final Map<String, java.util.ArrayDeque<Observation>> recent = new HashMap<>();
    private final int depth;
    private final boolean float32;
    private final Map<String, float[]> floatStates = new HashMap<>();
    private io.statecast.cell.djl.DjlStepKernel kernel;

    public Offline(ModelArtifact artifact) {
      this(artifact, 0);
    }

    public Offline(ModelArtifact artifact, int rewarmDepth) {
      this(artifact, rewarmDepth, false);
    }

    private Offline(ModelArtifact artifact, int rewarmDepth, boolean float32) {
      this.depth = rewarmDepth;
      this.float32 = float32;
      use(artifact);
    }

    /**
     * The failure-free run in the job's own arithmetic (float32 on DJL, one key at a time): what
     * the reliability tests compare with at 1e-6, beyond the double reference's rounding.
     */
    public static Offline float32(ModelArtifact artifact) {
      return new Offline(artifact, 0, true);
    }

    private void use(ModelArtifact a) {
      this.artifact = a;
      this.model = new ReferenceModel(a.weights());
      this.encoder = FeatureEncoder.of(a);
      if (kernel != null) {
        kernel.close();
        kernel = null; // the next float32 step makes one of the new weights
      }
    }

    /** The forecast (target units) after stepping {@code o} into its key's state. */
    public float[] step(Observation o) throws InvalidObservationException {
      Long prev = last.get(o.getKey());
      double[] f = advance(o, prev == null ? FeatureEncoder.NO_PREVIOUS : prev);
      last.put(o.getKey(), o.getEventTime());
      if (depth > 0) {
        java.util.ArrayDeque<Observation> r =
            recent.computeIfAbsent(o.getKey(), k -> new java.util.ArrayDeque<>());
        r.addLast(o);
        if (r.size() > depth) {
          r.removeFirst();
        }
      }
      float[] scaled = new float[f.length];
      for (int i = 0; i < f.length; i++) {
        scaled[i] = (float) f[i];
      }
      float[] units = new float[f.length];
      encoder.forecastToUnits(o.getKey(), scaled, 0, f.length, units, 0);
      return units;
    }

    private double[] advance(Observation o, long previous) throws InvalidObservationException {
      float[] x = new float[encoder.size()];
      encoder.encode(o, previous, x, 0);
      if (float32) {
        return advanceFloat(o.getKey(), x);
      }
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        xd[i] = x[i];
      }
      double[] state = states.computeIfAbsent(o.getKey(), k -> model.newState());
      steps.merge(o.getKey(), 1L, Long::sum);
      return model.step(xd, state).forecast();
    }

    /** The job's arithmetic: float32 on DJL, one key at a time. */
    private double[] advanceFloat(String key, float[] x) {
      if (kernel == null) {
        kernel = new io.statecast.cell.djl.DjlStepKernel(artifact.weights());
      }
      float[] state =
          floatStates.computeIfAbsent(key, k -> new float[artifact.spec().stateLayout().size()]);
      float[] f = new float[artifact.spec().head().outputs()];
      kernel.step(1, x, state, null, f);
      steps.merge(key, 1L, Long::sum);
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }

    /**
     * What the job does with an observation whose step left its key's state non-finite: the key's
     * state is reset to the model's initial one (no state, no steps) and {@code o}'s event time
     * becomes its last one.
     */
    public void resetAt(Observation o) {
      String key = o.getKey();
      states.remove(key);
      floatStates.remove(key);
      steps.remove(key);
      last.put(key, o.getEventTime());
    }

    /** Steps taken by a key's state. */
    public long steps(String key) {
      return steps.getOrDefault(key, 0L);
    }

    /** Switches every key to {@code next} under {@code policy} (keys never seen stay absent). */
    public void switchTo(ModelArtifact next, io.statecast.avro.StatePolicy policy)
        throws InvalidObservationException {
      use(next);
      if (policy == io.statecast.avro.StatePolicy.KEEP) {
        return;
      }
      states.clear();
      floatStates.clear();
      steps.clear();
      if (policy == io.statecast.avro.StatePolicy.REWARM) {
        for (Map.Entry<String, java.util.ArrayDeque<Observation>> e : recent.entrySet()) {
          long previous = FeatureEncoder.NO_PREVIOUS;
          for (Observation o : e.getValue()) {
            advance(o, previous);
            previous = o.getEventTime();
          }
        }
      }
    }

    public ModelArtifact artifact() {
      return artifact;
    }
  }
}
