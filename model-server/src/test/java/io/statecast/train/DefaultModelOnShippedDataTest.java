package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.data.LoadedData;
import io.statecast.data.SeriesReader;
import io.statecast.eval.Evaluation;
import io.statecast.eval.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance check, end to end and slow (minutes per data set): the default model,
 * trained on each shipped data set, beats persistence and seasonal naive in MAE at horizons 1 and 7
 * by the evaluation protocol. Run with {@code -Pall-tests}.
 */
@Tag("slow")
class DefaultModelOnShippedDataTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wind_ireland_daily.csv",
        "chicago_L_ridership_daily.csv",
        "pm10_germany_2002_2009_dense.csv"
      })
  void theDefaultModelBeatsTheNaiveBaselines(String file) throws Exception {
    Path data = Path.of("..", "data", file);
    if (!Files.exists(data)) {
      data = Path.of("data", file);
    }
    LoadedData d = SeriesReader.read(data, true);
    ModelTrainer.Outcome o =
        ModelTrainer.train(d, TrainConfigs.defaults(), dir.resolve("m"), TrainingListener.NONE);
    EvaluationReport r = Evaluation.run(o.artifact(), d.data(), Evaluation.Options.protocol());
    System.out.printf("%s: trained in %.0f s%n%s", file, o.result().seconds(), r.table());
    for (int h : Evaluation.HORIZONS) {
      double model = r.get(h, EvaluationReport.MODEL).mae();
      assertThat(model).isLessThan(r.get(h, EvaluationReport.PERSISTENCE).mae());
      assertThat(model).isLessThan(r.get(h, EvaluationReport.SEASONAL_NAIVE).mae());
    }
  }
}
