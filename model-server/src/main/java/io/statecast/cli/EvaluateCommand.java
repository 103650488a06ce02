package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.LoadedData;
import io.statecast.eval.Baseline;
import io.statecast.eval.Evaluation;
import io.statecast.eval.EvaluationReport;
import io.statecast.features.HolidayCalendar;
import io.statecast.model.Adaptation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast evaluate}: score a model and the baselines by the evaluation protocol. */
@Command(
    name = "evaluate",
    description = {
      "Score a model and the baselines by the evaluation protocol.",
      "The protocol (docs/evaluation.md): each key's first 80%% of"
          + " observations are training data, the rest is the test part; rolling-origin forecasts"
          + " at horizons 1 and 7, the model fed one observation at a time as the stream would.",
      "Prints MAE, RMSE, sMAPE and MASE pooled over keys for the model and the baselines"
          + " (persistence, seasonal naive, the mean of the last season, ETS fitted per key, a"
          + " global gradient-boosted lag model), and for methods with intervals (a quantile"
          + " model, every baseline) the coverage of each interval, the pinball loss and the"
          + " approximate CRPS."
    },
    mixinStandardHelpOptions = true)
public final class EvaluateCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Option(names = "--model", required = true, description = "The artifact directory.")
  Path model;

  @Option(names = "--report", description = "Where to write the scores as JSON.")
  Path report;

  @Option(names = "--no-ets", description = "Skip the ETS reference (faster).")
  boolean noEts;

  @Option(
      names = "--season",
      paramLabel = "N",
      description =
          "Seasonal period in observations: the seasonal naive's lag, the mean's window, ETS's"
              + " season, the boosted model's lags and the MASE scale (default: the model's"
              + " cadence's: 24 hourly, 7 daily, 52 weekly, 12 monthly; a fixed period's day, week or year).")
  Integer season;

  @Option(
      names = "--baselines",
      paramLabel = "LIST",
      defaultValue = "persistence,seasonal,mean,ets,gbm",
      description =
          "Comma-separated baselines to score: persistence, seasonal, mean, ets, gbm"
              + " (default: ${DEFAULT-VALUE}).")
  String baselines;

  @Option(
      names = "--adapt",
      paramLabel = "STEP",
      split = ",",
      description =
          "Score the model adapting online with two steps, MEDIAN,INTERVALS (0,0: not at all),"
              + " instead of as it declares (model.json's head.adaptation).")
  double[] adapt;

  @Override
  public Integer call() throws Exception {
    var w = spec.commandLine().getOut();
    ModelArtifact artifact = ModelArtifact.load(model);
    if (artifact.spec().head().horizon() < 1) {
      throw new IllegalArgumentException(model + ": the model has no forecast head to evaluate");
    }
    LoadedData d = data.read(w);
    int period = season != null ? season : artifact.spec().inputs().cadence().seasonalPeriod();
    w.printf("seasonal period: %d%s%n", period, season != null ? "" : " (the model's cadence)");
    EvaluationReport r =
        Evaluation.run(
            artifact,
            d.data(),
            options(period)
                .withHolidays(d.holidays() == null ? null : HolidayCalendar.of(d.holidays())));
    w.printf("%s on %s: %d keys scored%n", artifact.spec().id(), data.data, r.keys());
    for (String s : r.skipped()) {
      w.println("  skipped " + s);
    }
    w.print(r.table());
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(report, r.toJson(), StandardCharsets.UTF_8);
      w.println("wrote " + report);
    }
    w.flush();
    return 0;
  }

  private Evaluation.Options options(int period) {
    Set<Baseline> chosen = Baseline.parse(baselines);
    if (noEts) {
      chosen.remove(Baseline.ETS);
    }
    var o = new Evaluation.Options(Evaluation.TRAIN_FRACTION, Evaluation.HORIZONS, period, chosen);
    if (adapt == null) {
      return o;
    }
    if (adapt.length != 2) {
      throw new IllegalArgumentException(
          "--adapt takes MEDIAN,INTERVALS (e.g. 0.002,0.01), got " + Arrays.toString(adapt));
    }
    return o.withAdaptation(new Adaptation(adapt[0], adapt[1]));
  }
}
