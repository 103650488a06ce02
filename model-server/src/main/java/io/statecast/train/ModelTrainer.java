package io.statecast.train;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.features.FeatureEncoder;
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
 * encodes it with the serving {@link FeatureEncoder}, trains ({@link Trainer}) and writes the
 * artifact with its extra files:
 *
 * <ul>
 *   <li>{@value KeyScaling#FILE}: per-key target statistics (read back by {@code
 *       FeatureEncoder.of(ModelArtifact)});
 *   <li>{@value #REPORT_FILE}: the configuration, data, epochs and losses ({@link TrainingReport});
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
   */
  public record Outcome(ModelArtifact artifact, TrainingResult result, int keys) {}

  private ModelTrainer() {}

  /** Trains on {@code data} and writes the artifact to {@code out}. */
  public static Outcome train(
      LoadedData data, TrainConfig config, Path out, TrainingListener listener) throws IOException {
    TrainingOptions o = config.training();
    SeriesSet train =
        data.data().map(s -> s.head(TrainingData.trainLength(s.size(), o.trainFraction())));
    Inputs inputs = Inputs.fit(config.model().features(), train, data.cadence());
    String id =
        config.model().id() != null ? config.model().id() : ModelSpec.idFromFileName(data.source());
    ModelSpec trainSpec =
        ModelFactory.trainingSpec(config.model(), inputs.spec(), id, o.temperatureStart());
    ModelSpec servingSpec = ModelFactory.servingSpec(trainSpec);
    FeatureEncoder encoder = FeatureEncoder.of(servingSpec, inputs.scaling());
    TrainingData encoded = TrainingData.encode(train, encoder, o.validation(), MIN_KEY_LENGTH);
    ModelWeights initial = ModelFactory.initial(trainSpec, o.seed(), o.forgetBias());
    TrainingResult result = new Trainer(o, listener).train(encoded, initial, servingSpec);
    Map<String, byte[]> extras = new LinkedHashMap<>();
    extras.put(KeyScaling.FILE, inputs.scaling().toJson());
    extras.put(
        REPORT_FILE,
        TrainingReport.json(config, data, encoded, result).getBytes(StandardCharsets.UTF_8));
    extras.put(CURVE_FILE, LossCurve.html(id, result).getBytes(StandardCharsets.UTF_8));
    ModelArtifact artifact = ModelArtifact.write(out, result.weights(), extras);
    return new Outcome(artifact, result, encoded.keys().size());
  }
}
