package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.eval.StreamingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is trained is what is served: the forecasts that evaluation computes by stepping one
 * observation at a time through the serving kernel equal those of the trained network unrolled over
 * the whole sequence at once, as training runs it.
 */
class TrainServeConsistencyTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "model.layers=1",
        "model.variant=peephole,model.projection=5,model.layers=2,model.connection=highway",
        "model.g2=true,model.layers=2,model.connection=residual",
        "model.layers=5,model.connection=dense,model.feeds=previous2",
        "model.layers=7,model.connection=dense,model.hidden=6",
        "model.variant=peephole,model.layers=2,model.connection=grid",
        "model.layers=2,model.window=4",
        "model.variant=peephole,model.layers=3,model.window=3,training.dropout=0.2",
        "model.embeddings=key:3,training.dropout=0.2"
      })
  void steppingOneObservationAtATimeEqualsTheWholeSequenceAtOnce(String variant) throws Exception {
    // point heads: a quantile head's stepped outputs are checked in QuantileTrainingTest
    String[] o = (variant + ",model.quantiles=none,training.epochs=2").split(",");
    ModelArtifact a =
        ModelTrainer.train(
                TinyTraining.data(),
                TinyTraining.config(o),
                dir.resolve("m"),
                TrainingListener.NONE)
            .artifact();
    // keys of different lengths, so the streamed batch shrinks as keys end
    List<KeyedSeries> all = TinyTraining.data().data().series();
    List<KeyedSeries> series = List.of(all.get(0), all.get(1).head(250), all.get(2).head(199));
    Map<String, float[]> streamed = StreamingRun.headOutputs(a, series);
    Map<String, float[]> whole = SequenceForecasts.run(a, series);
    double largest = 0;
    long compared = 0;
    for (KeyedSeries s : series) {
      float[] x = streamed.get(s.key());
      float[] y = whole.get(s.key());
      assertThat(x).hasSameSizeAs(y);
      for (int i = 0; i < x.length; i++) {
        largest = Math.max(largest, Math.abs(x[i] - y[i]));
        compared++;
      }
    }
    System.out.printf(
        "%s: %d forecasts, largest |streamed − whole sequence| %.2e (tolerance %.0e)%n",
        variant, compared, largest, TOLERANCE);
    assertThat(compared).isEqualTo((280L + 250 + 199) * 3);
    assertThat(largest).isLessThanOrEqualTo(TOLERANCE);
  }
}
