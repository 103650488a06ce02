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
 * {"h1": {"model": {"mae": …, "rmse": …, "smape": …, "n": …}, "persistence": {…},
 *         "seasonal_naive": {…}, "mean7": {…}, "ets": {…}},
 *  "h7": {…}}
 * </pre>
 *
 * A method that scored no point (a model whose horizon is shorter than 7, at h7) has {@code "n": 0}
 * and null metrics.
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
  }

  /** A plain-text table, one row per horizon and method, and the model's margin over each. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-4s %-15s %12s %12s %9s %9s  %s%n",
            "h",
            "method",
            "MAE",
            "RMSE",
            "sMAPE%",
            "n",
            "MAE vs model"));
    scores.forEach(
        (h, methods) -> {
          Metrics model = methods.get(MODEL);
          methods.forEach(
              (name, s) ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "%-4s %-15s %12.4f %12.4f %9.3f %9d  %s%n",
                          h,
                          name,
                          s.mae(),
                          s.rmse(),
                          s.smape(),
                          s.n(),
                          margin(model, s, name))));
        });
    if (!etsForms.isEmpty()) {
      sb.append("ETS forms chosen by AIC: ").append(etsForms).append('\n');
    }
    return sb.toString();
  }

  private static String margin(Metrics model, Metrics other, String name) {
    if (model == null || name.equals(MODEL) || model.n() == 0 || other.n() == 0) {
      return "";
    }
    double pct = 100 * (model.mae() - other.mae()) / other.mae();
    return String.format(Locale.ROOT, "model %+.2f%%", pct);
  }

  /** An empty table for the given horizons and methods. */
  static Map<String, Map<String, Metrics>> empty(int[] horizons, List<String> methods) {
    Map<String, Map<String, Metrics>> s = new LinkedHashMap<>();
    for (int h : horizons) {
      Map<String, Metrics> m = new LinkedHashMap<>();
      for (String name : methods) {
        m.put(name, new Metrics());
      }
      s.put("h" + h, m);
    }
    return s;
  }
}
