package io.statecast.train;

import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import io.statecast.features.KeyScaling;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's inputs fitted to training data: which features, their scaling, and the per-key target
 * statistics. Everything is computed on the training parts only.
 *
 * <p>The target is always input 0 (the autoregressive term reads it), scaled per key by {@link
 * KeyScaling}; its {@code FeatureSpec} carries the pooled mean and std of all training values, the
 * fallback for keys never seen in training. Calendar features are already in {@code [−1, 1]} and
 * are not rescaled. The gap and the extra columns are standardised with their training mean and
 * std.
 *
 * @param spec the input features
 * @param scaling the per-key target statistics
 */
public record Inputs(InputSpec spec, KeyScaling scaling) {

  /** Fits inputs to {@code train}, which holds only the training parts of the keys. */
  public static Inputs fit(List<FeatureSet> groups, SeriesSet train) {
    List<FeatureSpec> f = new ArrayList<>();
    f.add(target(train));
    for (FeatureSet g : groups) {
      switch (g) {
        case TARGET -> {}
        case DAY_OF_WEEK -> {
          f.add(new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0, 1));
          f.add(new FeatureSpec("dow_cos", FeatureKind.DAY_OF_WEEK_COS, 0, 0, 1));
        }
        case DAY_OF_YEAR -> {
          f.add(new FeatureSpec("doy_sin", FeatureKind.DAY_OF_YEAR_SIN, 0, 0, 1));
          f.add(new FeatureSpec("doy_cos", FeatureKind.DAY_OF_YEAR_COS, 0, 0, 1));
        }
        case GAP -> f.add(gap(train));
        case EXTRAS -> f.addAll(extras(train));
      }
    }
    Map<String, KeyScaling.Scale> keys = new LinkedHashMap<>();
    for (KeyedSeries s : train.series()) {
      keys.put(s.key(), KeyScaling.fit(s.values(), s.size()));
    }
    return new Inputs(new InputSpec(f), KeyScaling.of(keys));
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

  private static FeatureSpec gap(SeriesSet train) {
    Moments m = new Moments();
    for (KeyedSeries s : train.series()) {
      for (int i = 1; i < s.size(); i++) {
        m.add((s.time(i) - s.time(i - 1)) / 86_400_000.0);
      }
    }
    return new FeatureSpec("gap_days", FeatureKind.GAP_DAYS, 0, m.n == 0 ? 1 : m.mean(), m.std());
  }

  private static List<FeatureSpec> extras(SeriesSet train) {
    List<FeatureSpec> out = new ArrayList<>();
    List<String> names = train.featureNames();
    for (int c = 0; c < names.size(); c++) {
      Moments m = new Moments();
      for (KeyedSeries s : train.series()) {
        for (int i = 0; i < s.size(); i++) {
          m.add(s.observation(i).getFeatures().get(c));
        }
      }
      String name = names.get(c);
      if (List.of("value", "dow_sin", "dow_cos", "doy_sin", "doy_cos", "gap_days").contains(name)) {
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
