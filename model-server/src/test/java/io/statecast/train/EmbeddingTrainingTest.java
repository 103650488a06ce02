package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.eval.StreamingRun;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.Cadence;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.ModelSpec;
import io.statecast.testing.TestSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with embeddings: the key table learns what tells keys apart, rows training never read
 * get the mean of the others, and training's lookup inside the graph gives the input serving's
 * encoder writes.
 */
class EmbeddingTrainingTest {

  @TempDir Path dir;

  /**
   * Four keys with the same marginal distribution, {@code z_{t+1} = a_k z_t + ε}, {@code a_k =
   * ±0.9} by key: which sign a key has is what the key embedding can say at once.
   */
  static LoadedData signedKeys() {
    Random r = new Random(3);
    List<KeyedSeries> keys = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double a = k % 2 == 0 ? 0.9 : -0.9;
      double[] v = new double[300];
      double z = 0;
      for (int t = 0; t < v.length; t++) {
        z = a * z + r.nextGaussian();
        v[t] = 50 + 10 * z;
      }
      keys.add(TestSeries.daily((k % 2 == 0 ? "pos" : "neg") + k, v));
    }
    return new LoadedData(Path.of("signed.csv"), new SeriesSet(keys, List.of()), List.of());
  }

  private static TrainConfig config(String... more) {
    List<String> o =
        new ArrayList<>(
            List.of(
                "model.quantiles=none",
                "model.autoregressive=1",
                "model.horizon=1",
                "model.features=target",
                "training.epochs=8",
                "training.batch=4",
                "training.averageDecay=0"));
    o.addAll(List.of(more));
    return TinyTraining.config(o.toArray(String[]::new));
  }

  @Test
  void theKeyTableLearnsAndUnreadRowsTakeTheMean() throws Exception {
    ModelTrainer.Outcome with =
        ModelTrainer.train(
            signedKeys(),
            config("model.embeddings=key:2"),
            dir.resolve("with"),
            TrainingListener.NONE);
    ModelTrainer.Outcome without =
        ModelTrainer.train(signedKeys(), config(), dir.resolve("without"), TrainingListener.NONE);
    List<EpochStats> h = with.result().history();
    h.forEach(
        e ->
            System.out.printf(
                "key embedding, epoch %d: train %.4f, validation %.4f%n",
                e.epoch(), e.trainLoss(), e.validationLoss()));
    System.out.printf(
        "best validation loss: %.4f with the key embedding, %.4f without%n",
        with.result().bestValidationLoss(), without.result().bestValidationLoss());
    assertThat(h.get(h.size() - 1).trainLoss()).isLessThan(0.9 * h.get(0).trainLoss());
    assertThat(with.result().bestValidationLoss())
        .isLessThan(without.result().bestValidationLoss());

    ModelArtifact a = ModelArtifact.load(dir.resolve("with"));
    EmbeddingSpec key = a.spec().inputs().embeddings().get(0);
    assertThat(key.vocabulary()).containsExactly("neg1", "neg3", "pos0", "pos2");
    double[] table = a.weights().embedding("key").data(); // (5, 2)
    for (int j = 0; j < 2; j++) {
      double mean = (table[j] + table[2 + j] + table[4 + j] + table[6 + j]) / 4;
      assertThat(table[8 + j]).isCloseTo(mean, within(1e-6)); // the unknown row
    }
    double initial = ModelFactory.initial(a.spec(), 42, 1.0).embedding("key").data()[0];
    assertThat(table[0]).isNotEqualTo(initial);
  }

  @Test
  void aKeyNeverSeenInTrainingIsForecastFromTheUnknownRow() throws Exception {
    ModelArtifact a =
        ModelTrainer.train(
                signedKeys(),
                config("model.embeddings=key:2", "training.epochs=1"),
                dir.resolve("m"),
                TrainingListener.NONE)
            .artifact();
    KeyedSeries known = signedKeys().data().series().get(0);
    KeyedSeries stranger = new KeyedSeries("stranger", renamed(known, "stranger"));
    Map<String, float[]> out = StreamingRun.headOutputs(a, List.of(known, stranger));
    assertThat(out.get("stranger")).hasSameSizeAs(out.get(known.key()));
    assertThat(out.get("stranger")).isNotEqualTo(out.get(known.key()));
  }

  @Test
  void trainingLooksUpTheInputServingEncodes() throws Exception {
    LoadedData d = signedKeys();
    ModelArtifact a =
        ModelTrainer.train(
                d,
                config("model.embeddings=key:3,day_of_week:2", "training.epochs=1"),
                dir.resolve("m"),
                TrainingListener.NONE)
            .artifact();
    ModelSpec spec = a.spec();
    FeatureEncoder serving = FeatureEncoder.of(a);
    FeatureEncoder coded = FeatureEncoder.of(spec, serving.scaling()); // codes, no tables
    List<Observation> obs = new ArrayList<>(d.data().series().get(1).observations().subList(0, 9));
    obs.addAll(renamed(d.data().series().get(2), "stranger").subList(0, 3));
    float[] raw = new float[obs.size() * coded.codedSize()];
    float[] expected = new float[obs.size() * serving.size()];
    for (int i = 0; i < obs.size(); i++) {
      coded.encodeCoded(obs.get(i), FeatureEncoder.NO_PREVIOUS, raw, i * coded.codedSize());
      serving.encode(obs.get(i), FeatureEncoder.NO_PREVIOUS, expected, i * serving.size());
    }
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager();
        TrainableModel model = new TrainableModel(a.weights(), m)) {
      NDArray x = m.create(raw, new Shape(obs.size(), 1, coded.codedSize()));
      NDArray in = model.inputs(x, m, TrainableModel.Weights.CURRENT);
      assertThat(in.getShape()).isEqualTo(new Shape(obs.size(), 1, spec.inputSize()));
      assertThat(in.toFloatArray()).containsExactly(expected);
    }
  }

  @Test
  void aDayOfWeekEmbeddingNeedsDataWithinTheWeek() {
    SeriesSet weekly = signedKeys().data();
    LoadedData d = new LoadedData(Path.of("w.csv"), weekly, List.of()).withCadence(Cadence.WEEKLY);
    assertThatThrownBy(
            () ->
                ModelTrainer.train(
                    d, config("model.embeddings=day_of_week:2"), dir.resolve("w"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("day_of_week embedding needs data observed within the week");
  }

  private static List<Observation> renamed(KeyedSeries s, String key) {
    return s.observations().stream()
        .map(o -> Observation.newBuilder(o).setKey(key).build())
        .toList();
  }
}
