package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.data.KeyedSeries;
import io.statecast.data.LoadedData;
import io.statecast.data.SeriesSet;
import io.statecast.model.Cadence;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.InputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CadenceTrainingTest {

  @TempDir Path dir;

  /** The tiny training data with its observations {@code step} apart instead of a day. */
  private static LoadedData spaced(long stepMillis, String name) {
    SeriesSet daily = TinyTraining.data().data();
    long start = daily.series().get(0).time(0);
    List<KeyedSeries> out = new ArrayList<>();
    for (KeyedSeries s : daily.series()) {
      List<Observation> obs = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        Observation o = Observation.newBuilder(s.observation(i)).build();
        o.setEventTime(start + i * stepMillis);
        obs.add(o);
      }
      out.add(new KeyedSeries(s.key(), obs));
    }
    return new LoadedData(Path.of(name), new SeriesSet(out, List.of()), List.of());
  }

  private ModelArtifact train(LoadedData data) throws Exception {
    Path out = dir.resolve(data.source().toString());
    ModelTrainer.train(
        data, TinyTraining.config("training.epochs=1"), out, new TrainingListener() {});
    return ModelArtifact.load(out);
  }

  private static List<FeatureKind> kinds(InputSpec in) {
    return in.features().stream().map(FeatureSpec::kind).toList();
  }

  @Test
  void aModelTrainedOnWeeklyDataStoresItsCadenceAndWeeklyCalendarFeatures() throws Exception {
    ModelArtifact weekly = train(spaced(7 * 86_400_000L, "weekly-data"));
    ModelArtifact daily = train(spaced(86_400_000L, "daily-data"));
    assertThat(Files.readString(dir.resolve("weekly-data").resolve("model.json")))
        .contains("\"cadence\" : \"weekly\"");
    assertThat(weekly.spec().inputs().cadence()).isEqualTo(Cadence.WEEKLY);
    assertThat(daily.spec().inputs().cadence()).isEqualTo(Cadence.DAILY);
    assertThat(kinds(weekly.spec().inputs()))
        .containsExactly(
            FeatureKind.TARGET,
            FeatureKind.DAY_OF_YEAR_SIN,
            FeatureKind.DAY_OF_YEAR_COS,
            FeatureKind.GAP_PERIODS);
    assertThat(kinds(daily.spec().inputs()))
        .containsExactly(
            FeatureKind.TARGET,
            FeatureKind.DAY_OF_WEEK_SIN,
            FeatureKind.DAY_OF_WEEK_COS,
            FeatureKind.DAY_OF_YEAR_SIN,
            FeatureKind.DAY_OF_YEAR_COS,
            FeatureKind.GAP_PERIODS);
    // a regular series: one period between observations, whatever the cadence
    for (ModelArtifact a : List.of(weekly, daily)) {
      FeatureSpec gap = a.spec().inputs().features().get(a.spec().inputs().size() - 1);
      assertThat(gap.mean()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void explicitFeatureGroupsStillWorkAndAreTakenOnce() {
    SeriesSet hourly = spaced(3_600_000L, "hourly-data").data();
    Inputs in =
        Inputs.fit(
            List.of(
                FeatureSet.TARGET,
                FeatureSet.CALENDAR,
                FeatureSet.DAY_OF_WEEK,
                FeatureSet.MONTH_OF_YEAR,
                FeatureSet.GAP),
            hourly,
            Cadence.HOURLY);
    assertThat(in.spec().features())
        .extracting(FeatureSpec::name)
        .containsExactly(
            "value",
            "hod_sin",
            "hod_cos",
            "dow_sin",
            "dow_cos",
            "moy_sin",
            "moy_cos",
            "gap_periods");
    assertThat(in.spec().cadence()).isEqualTo(Cadence.HOURLY);
  }
}
