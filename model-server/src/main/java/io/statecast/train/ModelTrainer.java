package io.statecast.train;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.HolidayCalendar;
import io.statecast.features.KeyScaling;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * From data and a configuration to a model artifact: takes each key's training part (the first
 * {@code floor(trainFraction · n)} observations), fits the inputs and per-key statistics on it,
 * encodes it with the serving {@link FeatureEncoder}, trains ({@link Trainer}), gives the embedding
 * rows training never read the mean of the others ({@link UnseenCategories}), calibrates a quantile
 * head's intervals on the validation parts ({@link Conformal}, unless {@code training.calibrate} is
 * off) and writes the artifact with its extra files:
 *
 * <ul>
 *   <li>{@value KeyScaling#FILE}: per-key target statistics (read back by {@code
 *       FeatureEncoder.of(ModelArtifact)});
 *   <li>{@value #REPORT_FILE}: the configuration, data, epochs, losses and the calibration of the
 *       intervals ({@link TrainingReport});
 *   <li>{@value #CURVE_FILE}: the loss curve as an HTML page with an inline SVG ({@link
 *       LossCurve}).
 * </ul>
 */
public final class ModelTrainer {

  public static final String REPORT_FILE = "training.json";
  public static final String CURVE_FILE = "loss-curve.html";

  /** Keys with fewer training observations than this are left out of training. */
  static final int MIN_KEY_LENGTH = 20;

  /**
   * A finished run.
   *
   * @param artifact the written artifact
   * @param result the training run
   * @param keys how many keys were trained on
   * @param calibration the intervals' calibration, or null (a point head, or calibration off)
   */
  public record Outcome(
      ModelArtifact artifact, TrainingResult result, int keys, Conformal.Calibration calibration) {}

  /**
   * The data and specs of a run, before training.
   *
   * @param inputs the fitted inputs and per-key statistics
   * @param trainSpec the spec trained (Gumbel gates for G2)
   * @param servingSpec the spec saved
   * @param encoded the encoded training parts
   * @param zeros per encoded key, the normalised value of 0 ({@code −μ_k / σ_k})
   */
  record Prepared(
      Inputs inputs,
      ModelSpec trainSpec,
      ModelSpec servingSpec,
      TrainingData encoded,
      double[] zeros) {}

  private ModelTrainer() {}

  /** Trains on {@code data} and writes the artifact to {@code out}. */
  public static Outcome train(
      LoadedData data, TrainConfig config, Path out, TrainingListener listener) throws IOException {
    TrainingOptions o = config.training();
    Prepared p = prepare(data, config);
    ModelWeights initial = ModelFactory.initial(p.trainSpec(), o.seed(), o.forgetBias());
    TrainingResult result = new Trainer(o, listener).train(p.encoded(), initial, p.servingSpec());
    ModelWeights trained = UnseenCategories.fill(result.weights(), p.encoded());
    Conformal.Calibration calibration =
        o.calibrate() && p.servingSpec().head().probabilistic()
            ? Conformal.calibrate(
                p.encoded(), trained, p.zeros(), o.validationWarmup(), o.threads())
            : null;
    String id = p.servingSpec().id();
    Map<String, byte[]> extras = new LinkedHashMap<>();
    extras.put(KeyScaling.FILE, p.inputs().scaling().toJson());
    extras.put(
        REPORT_FILE,
        TrainingReport.json(config, data, p.encoded(), result, calibration)
            .getBytes(StandardCharsets.UTF_8));
    extras.put(CURVE_FILE, LossCurve.html(id, result).getBytes(StandardCharsets.UTF_8));
    ModelWeights served = calibration == null ? trained : calibration.weights();
    ModelArtifact artifact = ModelArtifact.write(out, served, extras);
    return new Outcome(artifact, result, p.encoded().keys().size(), calibration);
  }

  /** Fits the inputs on the training parts, builds the specs and encodes the data. */
  static Prepared prepare(LoadedData data, TrainConfig config) {
    TrainingOptions o = config.training();
    SeriesSet train =
        data.data().map(s -> s.head(TrainingData.trainLength(s.size(), o.trainFraction())));
    Inputs inputs =
        Inputs.fit(
            config.model().features(),
            config.model().embeddings(),
            train,
            data.cadence(),
            data.holidays() == null ? null : HolidayCalendar.of(data.holidays()),
            config.model().horizon());
    String id =
        config.model().id() != null ? config.model().id() : ModelSpec.idFromFileName(data.source());
    ModelSpec trainSpec =
        ModelFactory.trainingSpec(
            config.model(), inputs.spec(), id, o.temperatureStart(), nonNegative(train));
    ModelSpec servingSpec = ModelFactory.servingSpec(trainSpec);
    FeatureEncoder encoder = FeatureEncoder.of(servingSpec, inputs.scaling()); // codes, no tables
    TrainingData encoded =
        TrainingData.encode(train, encoder, o.validation(), MIN_KEY_LENGTH)
            .weighted(o.keyWeights(), inputs.scaling());
    double[] zeros = new double[encoded.keys().size()];
    for (int k = 0; k < zeros.length; k++) {
      KeyScaling.Scale s = inputs.scaling().get(encoded.keys().get(k).key());
      zeros[k] = -s.mean() / s.std();
    }
    return new Prepared(inputs, trainSpec, servingSpec, encoded, zeros);
  }

  /** Whether every target of the training parts is at least 0 (counts, amounts, speeds). */
  private static boolean nonNegative(SeriesSet train) {
    for (KeyedSeries s : train.series()) {
      for (int t = 0; t < s.size(); t++) {
        if (s.value(t) < 0) {
          return false;
        }
      }
    }
    return true;
  }
}
