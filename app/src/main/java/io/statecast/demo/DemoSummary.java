package io.statecast.demo;

import io.statecast.testing.traffic.AccuracyTracker;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a demo run did: counts in and out, throughput, latency percentiles, and the one-step
 * accuracy of the model against the naive baselines on the replayed part.
 *
 * @param sent observations produced
 * @param forecasts forecasts read back (committed)
 * @param deadLetters dead letters read back
 * @param lateEvents late events read back
 * @param wallSeconds length of the run
 * @param activeSeconds from the first to the last forecast read
 * @param p50 processing latency median (ms): forecast written minus observation written
 * @param p99 processing latency 99th percentile (ms)
 * @param visibleP50 visible latency median (ms): forecast read (committed) minus observation
 *     written
 * @param visibleP99 visible latency 99th percentile (ms)
 * @param accuracy one-step MAE of the model, persistence and seasonal naive
 */
public record DemoSummary(
    long sent,
    long forecasts,
    long deadLetters,
    long lateEvents,
    double wallSeconds,
    double activeSeconds,
    long p50,
    long p99,
    long visibleP50,
    long visibleP99,
    AccuracyTracker.Scores accuracy) {

  /** Forecasts per second while output flowed. */
  public double throughput() {
    return activeSeconds <= 0 ? 0 : forecasts / activeSeconds;
  }

  /** Prints the summary. */
  public void print(PrintWriter out) {
    out.println();
    out.println("summary");
    out.printf(Locale.ROOT, "  observations in   %,d%n", sent);
    out.printf(Locale.ROOT, "  forecasts out     %,d%n", forecasts);
    out.printf(Locale.ROOT, "  dead letters      %,d%n", deadLetters);
    out.printf(Locale.ROOT, "  late events       %,d%n", lateEvents);
    out.printf(
        Locale.ROOT,
        "  throughput        %,.0f forecasts/s (%.1f s of output, %.1f s in all)%n",
        throughput(),
        activeSeconds,
        wallSeconds);
    out.printf(
        Locale.ROOT,
        "  latency           p50 %d ms, p99 %d ms (observation in Kafka → forecast in Kafka)%n",
        p50,
        p99);
    out.printf(
        Locale.ROOT,
        "  visible latency   p50 %d ms, p99 %d ms (until a read_committed consumer sees it)%n",
        visibleP50,
        visibleP99);
    if (accuracy.n() > 0) {
      out.printf(
          Locale.ROOT,
          "  one-step MAE      model %.4f vs persistence %.4f (%,d points)%n",
          accuracy.model(),
          accuracy.persistence(),
          accuracy.n());
    }
    if (accuracy.nSeasonal() > 0) {
      out.printf(
          Locale.ROOT,
          "                    model %.4f vs seasonal naive %.4f (%,d points)%n",
          accuracy.modelSeasonal(),
          accuracy.seasonalNaive(),
          accuracy.nSeasonal());
    }
    out.flush();
  }
}
