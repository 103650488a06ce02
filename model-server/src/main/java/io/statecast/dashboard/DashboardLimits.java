package io.statecast.dashboard;

import java.time.Duration;

/**
 * The bounds of the dashboard's memory and work; everything it keeps is sized by these.
 *
 * @param maxKeys keys whose series are kept (least recently updated or viewed forgotten first)
 * @param pointsPerKey points kept per key
 * @param sampledKeys keys whose observations are stepped for the gate histograms (the ones with the
 *     smallest key hash: a deterministic sample), besides the keys being watched
 * @param maxWatchedKeys keys a page may watch at once (and keys added to the gate sample for them)
 * @param latencySamples latest forecasts whose latency makes the percentiles
 * @param rateWindow how far back events/s looks (whole seconds)
 * @param pushInterval how often pages get what changed
 * @param gateBins bins of the gate histograms over [0, 1]
 * @param maxClients live pages at once (the oldest is closed beyond)
 * @param gateQueue observations waiting for the gate sampler (dropped beyond, and counted)
 */
public record DashboardLimits(
    int maxKeys,
    int pointsPerKey,
    int sampledKeys,
    int maxWatchedKeys,
    int latencySamples,
    Duration rateWindow,
    Duration pushInterval,
    int gateBins,
    int maxClients,
    int gateQueue) {

  /**
   * 2,000 keys of 500 points (about 28 MB at most), 256 sampled keys, 8 watched keys, the last
   * 4,096 latencies, 10 s rates, a push every 500 ms, 20 bins, 16 pages, 16,384 queued
   * observations.
   */
  public static final DashboardLimits DEFAULT =
      new DashboardLimits(
          2_000,
          500,
          256,
          8,
          4_096,
          Duration.ofSeconds(10),
          Duration.ofMillis(500),
          20,
          16,
          16_384);

  public DashboardLimits {
    range(maxKeys, 1, 1_000_000, "max keys");
    range(pointsPerKey, 2, 100_000, "points per key");
    range(sampledKeys, 0, 100_000, "sampled keys");
    range(maxWatchedKeys, 1, 64, "watched keys");
    range(latencySamples, 1, 1_000_000, "latency samples");
    range(gateBins, 2, 1_000, "gate bins");
    range(maxClients, 1, 1_000, "clients");
    range(gateQueue, 1, 10_000_000, "gate queue");
    if (rateWindow == null || rateWindow.toSeconds() < 1 || rateWindow.toSeconds() > 3_600) {
      throw new IllegalArgumentException("the rate window must be 1 s to 1 h, got " + rateWindow);
    }
    if (pushInterval == null || pushInterval.toMillis() < 50 || pushInterval.toMillis() > 60_000) {
      throw new IllegalArgumentException(
          "the push interval must be 50 ms to 60 s, got " + pushInterval);
    }
  }

  private static void range(int v, int min, int max, String what) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          what + " must be between " + min + " and " + max + ", got " + v);
    }
  }

  /** These limits with another key bound and points per key. */
  public DashboardLimits withKeys(int keys, int points) {
    return new DashboardLimits(
        keys,
        points,
        sampledKeys,
        maxWatchedKeys,
        latencySamples,
        rateWindow,
        pushInterval,
        gateBins,
        maxClients,
        gateQueue);
  }

  /** These limits with another gate sample size. */
  public DashboardLimits withSampledKeys(int keys) {
    return new DashboardLimits(
        maxKeys,
        pointsPerKey,
        keys,
        maxWatchedKeys,
        latencySamples,
        rateWindow,
        pushInterval,
        gateBins,
        maxClients,
        gateQueue);
  }

  /** These limits with another push interval. */
  public DashboardLimits withPushInterval(Duration interval) {
    return new DashboardLimits(
        maxKeys,
        pointsPerKey,
        sampledKeys,
        maxWatchedKeys,
        latencySamples,
        rateWindow,
        interval,
        gateBins,
        maxClients,
        gateQueue);
  }
}
