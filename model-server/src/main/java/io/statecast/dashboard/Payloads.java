package io.statecast.dashboard;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the page receives, as JSON (the REST answers and the data of the server-sent events). NaN
 * never appears: an unknown value is {@code null}.
 */
final class Payloads {

  private Payloads() {}

  /** NaN (or infinity) as null. */
  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** NaN as null. */
  static Float finite(float v) {
    return Float.isFinite(v) ? v : null;
  }

  /** The whole stream: event {@code stream}, and {@code GET /dashboard/api/summary}. */
  record StreamSummary(
      long at,
      String source,
      Flow observations,
      Flow forecasts,
      Latency latency,
      Rejects deadLetters,
      Rejects lateEvents,
      Keys keys,
      List<ModelSeen> models,
      Map<String, Long> undecodable) {}

  /** A count and its rate. */
  record Flow(long total, double perSecond) {}

  /** End-to-end latency (emittedAt − observedAt) of the latest forecasts, in ms. */
  record Latency(Double p50, Double p99, Double max, int samples) {}

  /** Set-aside records: counts and latest by kind, last few. */
  record Rejects(
      long total,
      double perSecond,
      Map<String, Long> byKind,
      Map<String, RejectStats.Reject> latestByKind,
      List<RejectStats.Reject> latest) {}

  /** Keys held, forgotten, and the bound. */
  record Keys(int held, long evicted, int max) {}

  /** A model that produced forecasts: id, the latest version seen, and how many forecasts. */
  record ModelSeen(String id, int version, long forecasts) {}

  /** The gates: event {@code gates}, and part of {@code GET /dashboard/api/summary}. */
  record GateSummary(
      String status,
      String modelId,
      Integer modelVersion,
      int sampledKeys,
      int watchedKeys,
      long steps,
      long skipped,
      long dropped,
      int bins,
      List<LayerGates> layers,
      Double inputNearBinary,
      Double forgetNearBinary) {}

  /** One layer's histograms: counts per bin over [0, 1]. */
  record LayerGates(long[] input, long[] forget) {}

  /** Both, for the REST summary. */
  record Summary(StreamSummary stream, GateSummary gates) {}

  /**
   * One key's series: event {@code key} (the points changed since the last one sent to that page,
   * or all of them when {@code full}), and {@code GET /dashboard/api/series}. {@code stamp} is the
   * state's sequence number of the latest change included.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record KeySeriesView(
      String key,
      boolean full,
      int maxPoints,
      List<Point> points,
      Long horizonTime,
      float[] horizon,
      String modelId,
      Integer modelVersion,
      long steps,
      long observations,
      long forecasts,
      Double meanAbsoluteError,
      Double lastError,
      long stamp) {}

  /**
   * A point as {@code [eventTime, actual, forecast, modelVersion, lower, upper, anomaly]}: {@code
   * forecast} is the one-step forecast made after this event (of the next event), {@code [lower,
   * upper]} that forecast's widest interval (a quantile model's), {@code anomaly} the score of the
   * anomaly flagged for this event's actual; nulls where unknown or none.
   */
  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  record Point(
      long eventTime,
      Float actual,
      Float forecast,
      int modelVersion,
      Float lower,
      Float upper,
      Float anomaly) {

    /** A point without interval or anomaly. */
    Point(long eventTime, Float actual, Float forecast, int modelVersion) {
      this(eventTime, actual, forecast, modelVersion, null, null, null);
    }
  }

  /** The answer of {@code GET /dashboard/api/keys}. */
  record KeyList(List<String> keys, int held) {}

  /** What the page does when its address says nothing: the keys it watches. */
  record Defaults(List<String> watch) {}
}
