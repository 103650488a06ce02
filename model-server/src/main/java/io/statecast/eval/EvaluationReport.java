package io.statecast.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.SpecJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of every method at every horizon, pooled over keys, as a table and as JSON:
 *
 * <pre>
 * {"h1": {"model": {"mae": …, "rmse": …, "smape": …, "n": …, "mase": …,
 *                   "coverage": {"80": …, "50": …}, "pinball": …, "crps": …},
 *         "persistence": {…}, "seasonal_naive": {…}, "mean7": {…}, "ets": {…}, "gbm": {…}},
 *  "h7": {…}}
 * </pre>
 *
 * (the mean baseline is named after its window, the seasonal period). {@code coverage} (the share
 * of actuals inside each central interval, keyed by its nominal coverage in percent), {@code
 * pinball} and {@code crps} (its quantile approximation) appear for methods with intervals only
 * ({@link Metrics}). A method that scored no point (a model whose horizon is shorter than 7, at h7)
 * has {@code "n": 0} and null metrics.
 *
 * @param scores horizon name → method name → pooled metrics, in table order
 * @param keys keys scored
 * @param skipped keys left out, with the reason
 * @param etsForms how many keys chose each ETS form (e.g. {@code A,N,A → 12})
 */
public record EvaluationReport(
    Map<String, Map<String, Metrics>> scores,
    int keys,
    List<String> skipped,
    Map<String, Integer> etsForms) {

  public static final String MODEL = "model";
  public static final String PERSISTENCE = "persistence";
  public static final String SEASONAL_NAIVE = "seasonal_naive";
  public static final String MEAN7 = "mean7";
  public static final String ETS = "ets";
  public static final String GBM = "gbm";

  /** The metrics of {@code method} at horizon {@code h}. */
  public Metrics get(int h, String method) {
    return scores.get("h" + h).get(method);
  }

  /** The JSON report. */
  public String toJson() {
    ObjectMapper m = SpecJson.mapper();
    ObjectNode root = m.createObjectNode();
    scores.forEach(
        (h, methods) -> {
          ObjectNode ho = root.putObject(h);
          methods.forEach((name, s) -> metrics(ho.putObject(name), s));
        });
    try {
      return m.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The metrics of one method; null where no point was scored. */
  private static void metrics(ObjectNode o, Metrics s) {
    if (s.n() == 0) {
      o.putNull("mae").putNull("rmse").putNull("smape");
    } else {
      o.put("mae", s.mae()).put("rmse", s.rmse()).put("smape", s.smape());
    }
    o.put("n", s.n());
    number(o, "mase", s.mase());
    if (s.hasQuantiles()) {
      ObjectNode c = o.putObject("coverage");
      for (int k = 0; k < s.intervals().size(); k++) {
        c.put(s.intervals().get(k).name(), s.coverage(k));
      }
      o.put("pinball", s.pinball()).put("crps", s.crps());
    }
  }

  private static void number(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  /**
   * A plain-text table, one row per horizon and method: MAE, RMSE, sMAPE, MASE, the coverage of
   * each interval (percent), the pinball loss and the approximate CRPS, and the model's MAE margin
   * over each method.
   */
  public String table() {
    List<QuantileLevels.Interval> intervals = intervals();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-4s %-15s %12s %12s %9s %8s %9s",
            "h",
            "method",
            "MAE",
            "RMSE",
            "sMAPE%",
            "MASE",
            "n"));
    for (QuantileLevels.Interval iv : intervals) {
      sb.append(String.format(Locale.ROOT, " %7s", "cov" + iv.name() + "%"));
    }
    sb.append(String.format(Locale.ROOT, " %10s %10s  %s%n", "pinball", "CRPS~", "MAE vs model"));
    scores.forEach(
        (h, methods) -> {
          Metrics model = methods.get(MODEL);
          methods.forEach((name, s) -> row(sb, h, name, s, intervals, margin(model, s, name)));
        });
    if (!etsForms.isEmpty()) {
      sb.append("ETS forms chosen by AIC: ").append(etsForms).append('\n');
    }
    if (!intervals.isEmpty()) {
      sb.append("cov: share of actuals inside each central interval; CRPS~: 2 x mean pinball")
          .append(" over the quantile levels (its quantile approximation)\n");
    }
    return sb.toString();
  }

  private static void row(
      StringBuilder sb,
      String h,
      String name,
      Metrics s,
      List<QuantileLevels.Interval> intervals,
      String margin) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-4s %-15s %12.4f %12.4f %9.3f %8.4f %9d",
            h,
            name,
            s.mae(),
            s.rmse(),
            s.smape(),
            s.mase(),
            s.n()));
    for (int k = 0; k < intervals.size(); k++) {
      sb.append(
          s.hasQuantiles()
              ? String.format(Locale.ROOT, " %7.1f", 100 * s.coverage(k))
              : String.format(Locale.ROOT, " %7s", "-"));
    }
    sb.append(
        s.hasQuantiles()
            ? String.format(Locale.ROOT, " %10.4f %10.4f", s.pinball(), s.crps())
            : String.format(Locale.ROOT, " %10s %10s", "-", "-"));
    sb.append("  ").append(margin).append('\n');
  }

  /** The intervals scored (those of any method's metrics). */
  private List<QuantileLevels.Interval> intervals() {
    for (Map<String, Metrics> methods : scores.values()) {
      for (Metrics m : methods.values()) {
        return m.intervals();
      }
    }
    return List.of();
  }

  private static String margin(Metrics model, Metrics other, String name) {
    if (model == null || name.equals(MODEL) || model.n() == 0 || other.n() == 0) {
      return "";
    }
    double pct = 100 * (model.mae() - other.mae()) / other.mae();
    return String.format(Locale.ROOT, "model %+.2f%%", pct);
  }

  /** An empty table for the given horizons and methods, intervals at {@code levels}. */
  static Map<String, Map<String, Metrics>> empty(
      int[] horizons, List<String> methods, QuantileLevels levels) {
    Map<String, Map<String, Metrics>> s = new LinkedHashMap<>();
    for (int h : horizons) {
      Map<String, Metrics> m = new LinkedHashMap<>();
      for (String name : methods) {
        m.put(name, new Metrics(levels));
      }
      s.put("h" + h, m);
    }
    return s;
  }
}
