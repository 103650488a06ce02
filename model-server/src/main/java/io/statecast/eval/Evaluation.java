package io.statecast.eval;

import io.statecast.artifact.ModelArtifact;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.HolidayCalendar;
import io.statecast.model.Adaptation;
import io.statecast.model.Cadence;
import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evaluation protocol. For every key with {@code n} observations:
 *
 * <ol>
 *   <li>split: the first {@code n_train = floor(0.8 · n)} observations are the training part, the
 *       rest the test part;
 *   <li>rolling origin: every origin {@code t} from {@code n_train − 1} (the last training
 *       observation) to {@code n − 1 − h} forecasts {@code y_{t+h}}, so every test observation from
 *       position {@code n_train + h − 1} on is scored once per horizon {@code h}, by every method
 *       on the same points;
 *   <li>the model streams the key from its first observation, one event at a time ({@link
 *       StreamingRun}); its forecast from origin {@code t} is the head's step {@code h} after
 *       observation {@code t}, in target units (a quantile head's median, with its quantiles);
 *   <li>the baselines ({@link Baseline}: the naive ones of {@link Baselines}, the ETS reference
 *       {@link Ets} fitted per key, the global boosted model {@link GbmBaseline}), all fitted on
 *       training parts only, forecast from the same origins.
 * </ol>
 *
 * The seasonal period {@code m} ({@link Options#seasonalPeriod}) sets the seasonal naive's lag, the
 * mean baseline's window, ETS's season, the boosted model's lags and the MASE scale. Methods with
 * intervals are scored at the model's quantile levels, or {@link QuantileLevels#DEFAULT} for a
 * point model. Keys with fewer than {@code max(14, 2m)} training observations or no test part are
 * skipped and listed. Errors are pooled over keys ({@link Metrics}).
 */
public final class Evaluation {

  /** The protocol's training fraction. */
  public static final double TRAIN_FRACTION = 0.8;

  /** The protocol's horizons. */
  public static final int[] HORIZONS = {1, 7};

  static final int MIN_TRAIN = 14;

  /**
   * What to compute.
   *
   * @param trainFraction the split (the protocol: 0.8)
   * @param horizons forecast horizons to score
   * @param seasonalPeriod the seasonal period {@code m} in observations (7 for daily data)
   * @param baselines the reference methods to score next to the model
   * @param holidays the data's public holiday calendar, which the boosted baseline then reads as
   *     the model does ({@link GbmBaseline}); null: none
   * @param adaptation the online adaptation of the model to score ({@link
   *     io.statecast.features.AdaptiveQuantiles}; {@link Adaptation#NONE}: none); null: as the
   *     model's head declares
   */
  public record Options(
      double trainFraction,
      int[] horizons,
      int seasonalPeriod,
      Set<Baseline> baselines,
      HolidayCalendar holidays,
      Adaptation adaptation) {

    public Options {
      if (!(trainFraction > 0 && trainFraction < 1)) {
        throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
      }
      if (horizons.length == 0) {
        throw new IllegalArgumentException("at least one horizon is needed");
      }
      for (int h : horizons) {
        if (h < 1) {
          throw new IllegalArgumentException("horizons must be at least 1, got " + h);
        }
      }
      if (seasonalPeriod < 1) {
        throw new IllegalArgumentException(
            "the seasonal period must be at least 1, got " + seasonalPeriod);
      }
      horizons = horizons.clone();
      baselines = baselines.isEmpty() ? EnumSet.noneOf(Baseline.class) : EnumSet.copyOf(baselines);
    }

    /** Without a holiday calendar. */
    public Options(
        double trainFraction, int[] horizons, int seasonalPeriod, Set<Baseline> baselines) {
      this(trainFraction, horizons, seasonalPeriod, baselines, null, null);
    }

    /** Weekly season, the naive baselines and ETS when {@code ets}. */
    public Options(double trainFraction, int[] horizons, boolean ets) {
      this(
          trainFraction,
          horizons,
          Baselines.PERIOD,
          ets
              ? EnumSet.of(Baseline.PERSISTENCE, Baseline.SEASONAL, Baseline.MEAN, Baseline.ETS)
              : EnumSet.of(Baseline.PERSISTENCE, Baseline.SEASONAL, Baseline.MEAN));
    }

    /** The protocol: every baseline, weekly season. */
    public static Options protocol() {
      return new Options(TRAIN_FRACTION, HORIZONS, Baselines.PERIOD, Baseline.all());
    }

    public Options withSeasonalPeriod(int m) {
      return new Options(trainFraction, horizons, m, baselines, holidays, adaptation);
    }

    public Options withBaselines(Set<Baseline> chosen) {
      return new Options(trainFraction, horizons, seasonalPeriod, chosen, holidays, adaptation);
    }

    /** The boosted baseline reads {@code calendar}'s holidays (null: none). */
    public Options withHolidays(HolidayCalendar calendar) {
      return new Options(trainFraction, horizons, seasonalPeriod, baselines, calendar, adaptation);
    }

    /**
     * The model adapts online as {@code a} says ({@link Adaptation#NONE}: not at all) instead of as
     * its head declares ({@link HeadSpec#adaptation()}): what the model would score served so.
     */
    public Options withAdaptation(Adaptation a) {
      return new Options(trainFraction, horizons, seasonalPeriod, baselines, holidays, a);
    }

    int maxHorizon() {
      int max = 0;
      for (int h : horizons) {
        max = Math.max(max, h);
      }
      return max;
    }

    int minTrain() {
      return Math.max(MIN_TRAIN, 2 * seasonalPeriod);
    }
  }

  private Evaluation() {}

  /** Scores {@code artifact} and the baselines on {@code data}. */
  public static EvaluationReport run(ModelArtifact artifact, SeriesSet data, Options o) {
    HeadSpec head = artifact.spec().head();
    AdaptiveQuantiles adaptive =
        AdaptiveQuantiles.of(
            o.adaptation() == null || !head.probabilistic()
                ? head
                : head.withAdaptation(o.adaptation()));
    QuantileLevels levels = QuantileLevels.of(head);
    int m = o.seasonalPeriod();
    List<String> methods = new ArrayList<>(List.of(EvaluationReport.MODEL));
    o.baselines().forEach(b -> methods.add(b.reportName(m)));
    var scores = EvaluationReport.empty(o.horizons(), methods, levels);
    List<KeyedSeries> kept = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (KeyedSeries s : data.series()) {
      int nt = trainLength(s.size(), o.trainFraction());
      if (nt < o.minTrain() || nt >= s.size()) {
        skipped.add(s.key() + " (" + s.size() + " observations: too short to split)");
      } else {
        kept.add(s);
      }
    }
    Map<String, float[]> raw = StreamingRun.headOutputs(artifact, kept);
    FeatureEncoder encoder = FeatureEncoder.of(artifact);
    Map<String, Integer> forms = new TreeMap<>();
    Cadence cadence = artifact.spec().inputs().cadence();
    try (GbmBaseline gbm =
        o.baselines().contains(Baseline.GBM) ? fitGbm(kept, o, levels, cadence) : null) {
      for (KeyedSeries s : kept) {
        int nt = trainLength(s.size(), o.trainFraction());
        Map<String, Forecaster> f = new LinkedHashMap<>();
        f.put(
            EvaluationReport.MODEL,
            Forecaster.model(
                s.key(), raw.get(s.key()), s.values(), nt - 1, encoder, head, adaptive));
        for (Baseline b : o.baselines()) {
          f.put(b.reportName(m), baseline(b, s, nt, o, levels, gbm, forms));
        }
        score(s.values(), nt, o, f, Baselines.scale(s.values(), nt, m), levels, scores);
      }
    }
    return new EvaluationReport(scores, kept.size(), skipped, forms);
  }

  /** {@code floor(fraction · n)}. */
  public static int trainLength(int n, double fraction) {
    return (int) Math.floor(fraction * n);
  }

  private static GbmBaseline fitGbm(
      List<KeyedSeries> kept, Options o, QuantileLevels levels, Cadence cadence) {
    int[] nt = kept.stream().mapToInt(s -> trainLength(s.size(), o.trainFraction())).toArray();
    GbmBaseline.HolidayInputs holidays =
        o.holidays() == null
            ? null
            : new GbmBaseline.HolidayInputs(o.holidays(), cadence, o.maxHorizon());
    return GbmBaseline.fit(
        kept, nt, o.horizons(), o.seasonalPeriod(), GbmSettings.DEFAULT, levels, holidays);
  }

  private static Forecaster baseline(
      Baseline b,
      KeyedSeries s,
      int nt,
      Options o,
      QuantileLevels levels,
      GbmBaseline gbm,
      Map<String, Integer> forms) {
    double[] y = s.values();
    int m = o.seasonalPeriod();
    int first = nt - 1;
    return switch (b) {
      case PERSISTENCE -> naive(Baselines.persistence(), y, nt, o, levels);
      case SEASONAL -> naive(Baselines.seasonalNaive(m), y, nt, o, levels);
      case MEAN -> naive(Baselines.meanOf(m), y, nt, o, levels);
      case ETS -> {
        Ets ets = Ets.fit(y, nt, m);
        forms.merge(ets.form().toString(), 1, Integer::sum);
        yield Forecaster.gaussian(
            ets.forecasts(y, y.length, first, o.maxHorizon()),
            first,
            ets.forecastVariances(o.maxHorizon()),
            levels);
      }
      case GBM -> Forecaster.direct(gbm.forecasts(s, nt, first), first, gbm.horizons());
    };
  }

  private static Forecaster naive(
      Baselines.Naive f, double[] y, int nt, Options o, QuantileLevels levels) {
    return Forecaster.naive(f, y, Baselines.residualQuantiles(f, y, nt, o.maxHorizon(), levels));
  }

  private static void score(
      double[] y,
      int nt,
      Options o,
      Map<String, Forecaster> methods,
      double scale,
      QuantileLevels levels,
      Map<String, Map<String, Metrics>> scores) {
    int n = y.length;
    double[] q = new double[levels.size()];
    for (int t = nt - 1; t < n - 1; t++) {
      for (int h : o.horizons()) {
        if (t + h >= n) {
          continue;
        }
        Map<String, Metrics> table = scores.get("h" + h);
        double actual = y[t + h];
        for (var e : methods.entrySet()) {
          Forecaster f = e.getValue();
          if (!f.covers(h)) {
            continue;
          }
          Metrics metrics = table.get(e.getKey());
          metrics.add(actual, f.point(t, h), scale);
          if (f.quantiles(t, h, q)) {
            metrics.addQuantiles(actual, q);
          }
        }
      }
    }
  }
}
