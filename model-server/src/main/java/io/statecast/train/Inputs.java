package io.statecast.train;

import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.HolidayCalendar;
import io.statecast.features.KeyScaling;
import io.statecast.model.Cadence;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's inputs fitted to training data: which features, their scaling, and the per-key target
 * statistics. Everything is computed on the training parts only.
 *
 * <p>The target is always input 0 (the autoregressive term reads it), scaled per key by {@link
 * KeyScaling}; its {@code FeatureSpec} carries the pooled mean and std of all training values, the
 * fallback for keys never seen in training. Calendar features are already in {@code [−1, 1]} and
 * are not rescaled; {@code calendar} picks those of the data's {@link Cadence}, and a feature that
 * two groups name is taken once. The gap (in periods of the cadence), the extra columns and the
 * holiday counts are standardised with their training mean and std.
 *
 * @param spec the input features
 * @param scaling the per-key target statistics
 */
public record Inputs(InputSpec spec, KeyScaling scaling) {

  /** The names of the calendar features in a model's inputs. */
  private static final Map<FeatureKind, String> CALENDAR_NAMES =
      Map.of(
          FeatureKind.HOUR_OF_DAY_SIN, "hod_sin",
          FeatureKind.HOUR_OF_DAY_COS, "hod_cos",
          FeatureKind.DAY_OF_WEEK_SIN, "dow_sin",
          FeatureKind.DAY_OF_WEEK_COS, "dow_cos",
          FeatureKind.DAY_OF_YEAR_SIN, "doy_sin",
          FeatureKind.DAY_OF_YEAR_COS, "doy_cos",
          FeatureKind.MONTH_OF_YEAR_SIN, "moy_sin",
          FeatureKind.MONTH_OF_YEAR_COS, "moy_cos");

  private static final String GAP_NAME = "gap_periods";
  private static final String HOLIDAYS_NAME = "holidays_";

  /** Fits inputs to daily data {@code train}: {@link #fit(List, SeriesSet, Cadence)}. */
  public static Inputs fit(List<FeatureSet> groups, SeriesSet train) {
    return fit(groups, train, Cadence.DAILY);
  }

  /**
   * Fits inputs to {@code train}, which holds only the training parts of the keys, observed at
   * {@code cadence}, without a holiday calendar.
   */
  public static Inputs fit(List<FeatureSet> groups, SeriesSet train, Cadence cadence) {
    return fit(groups, List.of(), train, cadence, null, 0);
  }

  /**
   * Fits inputs to {@code train}, which holds only the training parts of the keys, observed at
   * {@code cadence}, with learned embeddings ({@link EmbeddingFit}; a column that an embedding
   * reads is not also a numeric extra). With a holiday calendar (null: none) the {@code holidays}
   * group adds the holiday counts of the observation's period and the next {@code horizon} periods.
   */
  public static Inputs fit(
      List<FeatureSet> groups,
      List<EmbeddingOption> embeddings,
      SeriesSet train,
      Cadence cadence,
      HolidayCalendar holidays,
      int horizon) {
    List<FeatureSpec> f = new ArrayList<>();
    f.add(target(train));
    Set<FeatureKind> calendar = new LinkedHashSet<>();
    for (FeatureSet g : groups) {
      switch (g) {
        case TARGET -> {}
        case CALENDAR -> calendar.addAll(cadence.calendar());
        case HOUR_OF_DAY ->
            calendar.addAll(List.of(FeatureKind.HOUR_OF_DAY_SIN, FeatureKind.HOUR_OF_DAY_COS));
        case DAY_OF_WEEK ->
            calendar.addAll(List.of(FeatureKind.DAY_OF_WEEK_SIN, FeatureKind.DAY_OF_WEEK_COS));
        case DAY_OF_YEAR ->
            calendar.addAll(List.of(FeatureKind.DAY_OF_YEAR_SIN, FeatureKind.DAY_OF_YEAR_COS));
        case MONTH_OF_YEAR ->
            calendar.addAll(List.of(FeatureKind.MONTH_OF_YEAR_SIN, FeatureKind.MONTH_OF_YEAR_COS));
        case GAP, EXTRAS, HOLIDAYS -> {}
      }
    }
    for (FeatureKind k : calendar) {
      f.add(new FeatureSpec(CALENDAR_NAMES.get(k), k, 0, 0, 1));
    }
    if (groups.contains(FeatureSet.GAP)) {
      f.add(gap(train, cadence));
    }
    if (groups.contains(FeatureSet.EXTRAS)) {
      List<String> categorical =
          embeddings.stream().map(EmbeddingOption::column).filter(c -> c != null).toList();
      f.addAll(extras(train, categorical));
    }
    boolean withHolidays = holidays != null && groups.contains(FeatureSet.HOLIDAYS);
    if (withHolidays) {
      for (int k = 0; k <= horizon; k++) {
        f.add(holidays(train, cadence, holidays, k));
      }
    }
    Map<String, KeyScaling.Scale> keys = new LinkedHashMap<>();
    for (KeyedSeries s : train.series()) {
      keys.put(s.key(), KeyScaling.fit(s.values(), s.size()));
    }
    InputSpec spec =
        new InputSpec(
            f,
            cadence,
            EmbeddingFit.fit(embeddings, train, cadence),
            withHolidays ? holidays.code() : null);
    return new Inputs(spec, KeyScaling.of(keys));
  }

  private static FeatureSpec target(SeriesSet train) {
    Moments m = new Moments();
    for (KeyedSeries s : train.series()) {
      for (int i = 0; i < s.size(); i++) {
        m.add(s.value(i));
      }
    }
    return new FeatureSpec("value", FeatureKind.TARGET, 0, m.mean(), m.std());
  }

  private static FeatureSpec gap(SeriesSet train, Cadence cadence) {
    Moments m = new Moments();
    for (KeyedSeries s : train.series()) {
      for (int i = 1; i < s.size(); i++) {
        m.add(cadence.periods(s.time(i - 1), s.time(i)));
      }
    }
    return new FeatureSpec(GAP_NAME, FeatureKind.GAP_PERIODS, 0, m.n == 0 ? 1 : m.mean(), m.std());
  }

  private static FeatureSpec holidays(
      SeriesSet train, Cadence cadence, HolidayCalendar calendar, int ahead) {
    Moments m = new Moments();
    for (KeyedSeries s : train.series()) {
      for (int i = 0; i < s.size(); i++) {
        m.add(calendar.countAhead(cadence, s.time(i), ahead));
      }
    }
    return new FeatureSpec(HOLIDAYS_NAME + ahead, FeatureKind.HOLIDAYS, ahead, m.mean(), m.std());
  }

  private static List<FeatureSpec> extras(SeriesSet train, List<String> categorical) {
    List<FeatureSpec> out = new ArrayList<>();
    List<String> names = train.featureNames();
    for (int c = 0; c < names.size(); c++) {
      if (categorical.contains(names.get(c))) {
        continue;
      }
      Moments m = new Moments();
      for (KeyedSeries s : train.series()) {
        for (int i = 0; i < s.size(); i++) {
          m.add(s.observation(i).getFeatures().get(c));
        }
      }
      String name = names.get(c);
      if (name.equals("value")
          || name.equals(GAP_NAME)
          || name.startsWith(HOLIDAYS_NAME)
          || CALENDAR_NAMES.containsValue(name)) {
        name = "extra_" + name;
      }
      out.add(new FeatureSpec(name, FeatureKind.FEATURE, c, m.mean(), m.std()));
    }
    return out;
  }

  /** Running mean and population std (Welford 1962). */
  private static final class Moments {
    long n;
    double mean;
    double m2;

    void add(double v) {
      n++;
      double d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }

    double mean() {
      return n == 0 ? 0 : mean;
    }

    /** The std, or 0 (which a FeatureSpec reads as 1) when there is no spread. */
    double std() {
      double s = n == 0 ? 0 : Math.sqrt(m2 / n);
      return s > 1e-9 * Math.max(1, Math.abs(mean)) ? s : 0;
    }
  }
}
