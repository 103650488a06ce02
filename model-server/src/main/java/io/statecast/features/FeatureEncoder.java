package io.statecast.features;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.model.Cadence;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes observations into the model's input {@code x (I)} as the spec's {@link FeatureSpec}s say,
 * and turns the head's output back into the target's units.
 *
 * <p>Every feature is scaled {@code (v − mean) / std}. Calendar features come from the event time
 * in UTC: {@code sin/cos(2π · hour / 24)} with the hour's fraction, {@code sin/cos(2π · dow / 7)}
 * with Monday = 0, {@code sin/cos(2π · (doy − 1) / 365.25)}, {@code sin/cos(2π · (month − 1) /
 * 12)}; which of them a trained model reads follows its {@link Cadence}. The gap feature is the
 * time since the key's previous observation in periods of the model's cadence ({@link
 * Cadence#periods}), or in days for models written before the cadence was stored; a key's first
 * observation has no gap and gets the feature's mean (0 after scaling). A holiday feature counts
 * the public holidays of the model's calendar in the period {@code index} periods ahead ({@link
 * HolidayCalendar#countAhead}).
 *
 * <p>The target is normalised per key ({@link KeyScaling}): key {@code k}'s target feature is
 * {@code (v − μ_k) / σ_k} with the statistics of that key's training part, which the artifact
 * carries in {@value KeyScaling#FILE}. A key without statistics (never seen in training, or a model
 * without the file) uses the {@link FeatureKind#TARGET} feature's own {@code mean} and {@code std},
 * which training sets to the pooled statistics of all training values.
 *
 * <p>Embeddings ({@link Embeddings}): after the {@code F} numeric features come the looked-up rows
 * of the model's embedding tables, {@code x[F …] = E_0[v_0] | … | E_{M−1}[v_{M−1}]}, so every
 * engine steps a plain dense {@code x}. A category the vocabulary does not list (a key never seen
 * in training) reads the table's last, shared "unknown" row. Training encodes the codes {@code v_e}
 * instead ({@link #encodeCoded}) and looks them up in its graph.
 *
 * <p>Forecasts: the head predicts the scaled target, so {@code forecastToUnits} applies {@code v ·
 * σ_k + μ_k} with the key's statistics (or the fallback); a model without a target feature (a raw
 * imported one) forecasts in its own units.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeatureEncoder {

  /** Marks "no previous observation" for {@link #encode}. */
  public static final long NO_PREVIOUS = Long.MIN_VALUE;

  private static final double DAY_MS = 86_400_000.0;
  private static final long HOUR_MS = 3_600_000L;

  private final List<FeatureSpec> features;
  private final double targetMean;
  private final double targetStd;
  private final int requiredPositional;
  private final KeyScaling scaling;
  private final boolean hasTarget;
  private final HeadSpec head;
  private final Cadence cadence;
  private final HolidayCalendar holidays;
  private final Embeddings embeddings;

  private FeatureEncoder(ModelSpec spec, KeyScaling scaling, Embeddings embeddings) {
    this.scaling = scaling;
    this.embeddings = embeddings;
    this.cadence = spec.inputs().cadence();
    String calendar = spec.inputs().holidays();
    this.holidays = calendar == null ? null : HolidayCalendar.of(calendar);
    this.head = spec.head();
    this.features = spec.inputs().features();
    FeatureSpec target =
        features.stream().filter(f -> f.kind() == FeatureKind.TARGET).findFirst().orElse(null);
    this.hasTarget = target != null;
    this.targetMean = target == null ? 0.0 : target.mean();
    this.targetStd = target == null ? 1.0 : target.std();
    this.requiredPositional =
        features.stream()
            .filter(f -> f.kind() == FeatureKind.FEATURE)
            .mapToInt(f -> f.index() + 1)
            .max()
            .orElse(0);
  }

  /**
   * The encoder of a model without per-key statistics. A spec with embeddings gives an encoder
   * without their tables, which encodes codes ({@link #encodeCoded}) but not vectors.
   */
  public static FeatureEncoder of(ModelSpec spec) {
    return of(spec, KeyScaling.none());
  }

  /**
   * The encoder of a model with per-key target statistics; for a spec with embeddings, without
   * their tables ({@link #of(ModelSpec)}).
   */
  public static FeatureEncoder of(ModelSpec spec, KeyScaling scaling) {
    return new FeatureEncoder(spec, scaling, Embeddings.codesOnly(spec.inputs().embeddings()));
  }

  /** The encoder of a model with its weights (the embedding tables) and per-key statistics. */
  public static FeatureEncoder of(ModelWeights weights, KeyScaling scaling) {
    return new FeatureEncoder(weights.spec(), scaling, Embeddings.of(weights));
  }

  /** Input size {@code I}: the numeric features and the embedding vectors. */
  public int size() {
    return features.size() + embeddings.width();
  }

  /** Width of {@link #encodeCoded}'s rows: the numeric features and one code per embedding. */
  public int codedSize() {
    return features.size() + embeddings.count();
  }

  /** The model's categorical inputs. */
  public Embeddings embeddings() {
    return embeddings;
  }

  /** How many positional features an observation must carry at least. */
  public int requiredFeatureCount() {
    return Math.max(requiredPositional, embeddings.requiredFeatureCount());
  }

  /**
   * Writes the scaled input of one observation into {@code x[offset … offset + I)}.
   *
   * @param previousEventTime the key's previous event time, or {@link #NO_PREVIOUS}
   * @throws InvalidObservationException when a feature the model needs is absent or not finite
   */
  public void encode(Observation o, long previousEventTime, float[] x, int offset)
      throws InvalidObservationException {
    numeric(o, previousEventTime, x, offset);
    embeddings.vectors(o, x, offset + features.size());
  }

  /**
   * Writes the numeric features and the embeddings' codes {@code v_e} (as floats) into {@code
   * x[offset … offset + codedSize())}: what training steps, looking the codes up in its graph.
   *
   * @throws InvalidObservationException when a feature the model needs is absent or not finite
   */
  public void encodeCoded(Observation o, long previousEventTime, float[] x, int offset)
      throws InvalidObservationException {
    numeric(o, previousEventTime, x, offset);
    embeddings.codes(o, x, offset + features.size());
  }

  private void numeric(Observation o, long previousEventTime, float[] x, int offset)
      throws InvalidObservationException {
    embeddings.check(o);
    List<Float> positional = o.getFeatures();
    if (positional.size() < requiredPositional) {
      throw new InvalidObservationException(
          ErrorKind.WRONG_FEATURE_COUNT,
          "the model reads "
              + requiredPositional
              + " positional features, the observation has "
              + positional.size());
    }
    for (int j = 0; j < features.size(); j++) {
      FeatureSpec f = features.get(j);
      double v = raw(f, o, previousEventTime);
      if (!Double.isFinite(v)) {
        throw new InvalidObservationException(
            ErrorKind.NON_FINITE_VALUE, "feature '" + f.name() + "' is " + v);
      }
      if (f.kind() == FeatureKind.TARGET) {
        KeyScaling.Scale s = scaling.get(o.getKey());
        x[offset + j] = (float) (s == null ? f.scale(v) : (v - s.mean()) / s.std());
      } else {
        x[offset + j] = (float) f.scale(v);
      }
    }
  }

  /**
   * The encoder of an artifact's model, with the per-key statistics of its {@value KeyScaling#FILE}
   * when it has one.
   *
   * @throws UncheckedIOException when the artifact lists the statistics file (verified against the
   *     manifest at load) but it is not valid, or when a local artifact has the file without
   *     listing it (a hand-edited artifact: serving it unscaled would be silently wrong)
   */
  public static FeatureEncoder of(ModelArtifact artifact) {
    if (!artifact.hasExtra(KeyScaling.FILE)) {
      Optional<Path> dir = artifact.source().localDirectory();
      if (dir.isPresent() && Files.exists(dir.get().resolve(KeyScaling.FILE))) {
        throw new UncheckedIOException(
            new ArtifactException(
                dir.get().resolve(KeyScaling.FILE)
                    + " is not in the artifact's manifest; write the artifact again with it (the"
                    + " manifest lists every file the model uses)"));
      }
      return of(artifact.weights(), KeyScaling.none());
    }
    try {
      byte[] json = artifact.extra(KeyScaling.FILE);
      return of(
          artifact.weights(),
          KeyScaling.fromJson(json, artifact.source().locationOf(KeyScaling.FILE)));
    } catch (ArtifactException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The per-key statistics this encoder applies (empty without them). */
  public KeyScaling scaling() {
    return scaling;
  }

  /**
   * The standard deviation {@code σ_k} that {@link #forecastToUnits} scales {@code key}'s forecasts
   * by (the fallback for a key without statistics; 1 for a model without a target feature).
   */
  public double targetScale(String key) {
    KeyScaling.Scale s = hasTarget ? scaling.get(key) : null;
    return s == null ? targetStd : s.std();
  }

  /**
   * The scaled head output {@code values[from … from + n)} of {@code key} in target units, into
   * {@code out[to …]}; a whole row of the head ({@code n = outputs}) is then finished as {@link
   * HeadSpec#finish} says (quantiles in order, clipped at zero for a non-negative target).
   */
  public void forecastToUnits(String key, float[] values, int from, int n, float[] out, int to) {
    KeyScaling.Scale s = hasTarget ? scaling.get(key) : null;
    double mean = s == null ? targetMean : s.mean();
    double std = s == null ? targetStd : s.std();
    for (int j = 0; j < n; j++) {
      out[to + j] = (float) (values[from + j] * std + mean);
    }
    if (n == head.outputs()) {
      head.finish(out, to);
    }
  }

  private double raw(FeatureSpec f, Observation o, long previous)
      throws InvalidObservationException {
    return switch (f.kind()) {
      case FEATURE -> o.getFeatures().get(f.index());
      case NAMED -> named(f, o.getNamed());
      case TARGET -> {
        if (o.getTarget() == null) {
          throw new InvalidObservationException(
              ErrorKind.WRONG_FEATURE_COUNT,
              "the model reads the target, the observation has none");
        }
        yield o.getTarget();
      }
      case DAY_OF_WEEK_SIN -> Math.sin(2 * Math.PI * dayOfWeek(o.getEventTime()) / 7);
      case DAY_OF_WEEK_COS -> Math.cos(2 * Math.PI * dayOfWeek(o.getEventTime()) / 7);
      case DAY_OF_YEAR_SIN -> Math.sin(2 * Math.PI * (dayOfYear(o.getEventTime()) - 1) / 365.25);
      case DAY_OF_YEAR_COS -> Math.cos(2 * Math.PI * (dayOfYear(o.getEventTime()) - 1) / 365.25);
      case HOUR_OF_DAY_SIN -> Math.sin(2 * Math.PI * hourOfDay(o.getEventTime()) / 24);
      case HOUR_OF_DAY_COS -> Math.cos(2 * Math.PI * hourOfDay(o.getEventTime()) / 24);
      case MONTH_OF_YEAR_SIN -> Math.sin(2 * Math.PI * (month(o.getEventTime()) - 1) / 12);
      case MONTH_OF_YEAR_COS -> Math.cos(2 * Math.PI * (month(o.getEventTime()) - 1) / 12);
      case GAP_DAYS -> previous == NO_PREVIOUS ? f.mean() : (o.getEventTime() - previous) / DAY_MS;
      case GAP_PERIODS ->
          previous == NO_PREVIOUS ? f.mean() : cadence.periods(previous, o.getEventTime());
      case HOLIDAYS -> holidays.countAhead(cadence, o.getEventTime(), f.index());
    };
  }

  private static double named(FeatureSpec f, Map<String, Float> named)
      throws InvalidObservationException {
    Float v = named == null ? null : named.get(f.name());
    if (v == null) {
      throw new InvalidObservationException(
          ErrorKind.WRONG_FEATURE_COUNT, "the observation has no named feature '" + f.name() + "'");
    }
    return v;
  }

  /** Day of the week of an epoch-millisecond time in UTC, Monday = 0. */
  static int dayOfWeek(long epochMillis) {
    long day = Math.floorDiv(epochMillis, 86_400_000L);
    return (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday
  }

  /** Hour of the day with its fraction, [0, 24), of an epoch-millisecond time in UTC. */
  static double hourOfDay(long epochMillis) {
    return Math.floorMod(epochMillis, 86_400_000L) / (double) HOUR_MS;
  }

  /** Month (1–12) of an epoch-millisecond time in UTC. */
  static int month(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L)).getMonthValue();
  }

  /** Day of the year (1–366) of an epoch-millisecond time in UTC. */
  static int dayOfYear(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L)).getDayOfYear();
  }
}
