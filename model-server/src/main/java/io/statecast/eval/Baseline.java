package io.statecast.eval;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference methods {@code evaluate} can score next to the model, by their option names ({@code
 * --baselines persistence,seasonal,mean,ets,gbm}).
 */
public enum Baseline {
  /** {@code ŷ_{t+h} = y_t}. */
  PERSISTENCE,
  /** The value one season back. */
  SEASONAL,
  /** The mean of the last season. */
  MEAN,
  /** Additive exponential smoothing fitted per key ({@link Ets}). */
  ETS,
  /** The global gradient-boosted lag model ({@link GbmBaseline}). */
  GBM;

  /** Every baseline. */
  public static Set<Baseline> all() {
    return EnumSet.allOf(Baseline.class);
  }

  /** Its name in the option. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Its name in tables and JSON, for seasonal period {@code m} (e.g. {@code mean7}). */
  public String reportName(int m) {
    return switch (this) {
      case PERSISTENCE -> EvaluationReport.PERSISTENCE;
      case SEASONAL -> EvaluationReport.SEASONAL_NAIVE;
      case MEAN -> "mean" + m;
      case ETS -> EvaluationReport.ETS;
      case GBM -> EvaluationReport.GBM;
    };
  }

  /** Parses an option value such as {@code persistence,ets}. */
  public static Set<Baseline> parse(String list) {
    Set<Baseline> out = EnumSet.noneOf(Baseline.class);
    List<String> names = new ArrayList<>();
    for (Baseline b : values()) {
      names.add(b.optionName());
    }
    for (String part : list.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      int i = names.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException(
            "unknown baseline '" + part.trim() + "'; choose from " + String.join(",", names));
      }
      out.add(values()[i]);
    }
    return out;
  }
}
