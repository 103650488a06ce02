package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.features.KeyScaling;
import io.statecast.model.GateMode;
import io.statecast.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

  @TempDir Path dir;

  @Test
  void aTinyRunLowersTheLossAndWritesItsArtifact() throws Exception {
    List<Integer> updates = new ArrayList<>();
    TrainingListener counting =
        new TrainingListener() {
          @Override
          public void updated(int epoch, int update, double loss) {
            updates.add(update);
          }
        };
    ModelTrainer.Outcome o =
        ModelTrainer.train(
            TinyTraining.data(),
            TinyTraining.config("training.epochs=8"),
            dir.resolve("m"),
            counting);
    List<EpochStats> h = o.result().history();
    h.forEach(
        e ->
            System.out.printf(
                "epoch %d: train %.4f, validation %.4f%n",
                e.epoch(), e.trainLoss(), e.validationLoss()));
    assertThat(h.get(h.size() - 1).trainLoss()).isLessThan(0.8 * h.get(0).trainLoss());
    assertThat(o.result().bestValidationLoss()).isLessThan(h.get(0).validationLoss());
    assertThat(updates).isNotEmpty();
    ModelArtifact a = ModelArtifact.load(dir.resolve("m"));
    assertThat(a.spec().id()).isEqualTo("weekly");
    assertThat(a.extra(KeyScaling.FILE)).isNotEmpty();
    assertThat(new String(a.extra(ModelTrainer.REPORT_FILE))).contains("\"bestEpoch\"");
    assertThat(Files.readString(dir.resolve("m").resolve(ModelTrainer.CURVE_FILE)))
        .contains("<svg", "polyline");
  }

  @Test
  void theSameSeedGivesTheSameWeights() throws Exception {
    TrainConfig c = TinyTraining.config("training.epochs=2", "training.seed=5");
    Map<String, Tensor> a = train(c, "a");
    Map<String, Tensor> b = train(c, "b");
    Map<String, Tensor> other =
        train(TinyTraining.config("training.epochs=2", "training.seed=6"), "c");
    assertThat(a.keySet()).isEqualTo(b.keySet());
    double largest = 0;
    for (String name : a.keySet()) {
      double[] x = a.get(name).data();
      double[] y = b.get(name).data();
      for (int i = 0; i < x.length; i++) {
        largest = Math.max(largest, Math.abs(x[i] - y[i]));
      }
    }
    System.out.printf("same seed, two runs: largest weight difference %.1e%n", largest);
    assertThat(largest).isZero();
    assertThat(other.get("weight_ih_l0").data()).isNotEqualTo(a.get("weight_ih_l0").data());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "model.variant=peephole,model.projection=5,model.layers=2,model.connection=highway",
        "model.layers=2,model.connection=residual",
        "model.layers=3,model.connection=dense,model.autoregressive=0",
        "model.g2=true,model.layers=2,model.connection=plain",
        "model.variant=peephole,model.g2=true,model.connection=dense,model.layers=2"
      })
  void everyVariantAndConnectionTrains(String variant) throws Exception {
    String[] parts = variant.split(",");
    List<String> o = new ArrayList<>(List.of(parts));
    o.add("training.epochs=2");
    ModelTrainer.Outcome r =
        ModelTrainer.train(
            TinyTraining.data(),
            TinyTraining.config(o.toArray(String[]::new)),
            dir.resolve("v"),
            TrainingListener.NONE);
    System.out.printf("%s: %s%n", variant, r.result().history());
    assertThat(r.result().history()).allMatch(e -> Double.isFinite(e.trainLoss()));
    assertThat(r.result().history()).allMatch(e -> Double.isFinite(e.validationLoss()));
    GateMode served = ModelArtifact.load(dir.resolve("v")).spec().cell().gates().mode();
    assertThat(served).isEqualTo(variant.contains("g2") ? GateMode.HARD : GateMode.SIGMOID);
  }

  @Test
  void g2TemperatureDecaysExponentiallyToItsEnd() {
    Trainer t =
        new Trainer(
            TinyTraining.config("training.epochs=5", "training.temperatureEnd=0.25").training(),
            null);
    assertThat(t.temperature(1)).isEqualTo(1.0);
    assertThat(t.temperature(3)).isEqualTo(0.5);
    assertThat(t.temperature(5)).isEqualTo(0.25);
  }

  private Map<String, Tensor> train(TrainConfig c, String name) throws Exception {
    return ModelTrainer.train(TinyTraining.data(), c, dir.resolve(name), TrainingListener.NONE)
        .artifact()
        .weights()
        .tensors();
  }
}
