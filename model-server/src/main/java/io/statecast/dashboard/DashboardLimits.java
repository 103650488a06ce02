package io.statecast.dashboard;

import java.time.Duration;

/**
 * The bounds of the dashboard's memory and work; everything it keeps is sized by these. Build them
 * with {@link #builder} ({@code set*} change a default).
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
  public static final DashboardLimits DEFAULT = builder().build();

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

  /** A builder with the {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxKeys = maxKeys;
    b.pointsPerKey = pointsPerKey;
    b.sampledKeys = sampledKeys;
    b.maxWatchedKeys = maxWatchedKeys;
    b.latencySamples = latencySamples;
    b.rateWindow = rateWindow;
    b.pushInterval = pushInterval;
    b.gateBins = gateBins;
    b.maxClients = maxClients;
    b.gateQueue = gateQueue;
    return b;
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private int maxKeys = 2_000;
    private int pointsPerKey = 500;
    private int sampledKeys = 256;
    private int maxWatchedKeys = 8;
    private int latencySamples = 4_096;
    private Duration rateWindow = Duration.ofSeconds(10);
    private Duration pushInterval = Duration.ofMillis(500);
    private int gateBins = 20;
    private int maxClients = 16;
    private int gateQueue = 16_384;

    private Builder() {}

    public Builder setMaxKeys(int keys) {
      this.maxKeys = keys;
      return this;
    }

    public Builder setPointsPerKey(int points) {
      this.pointsPerKey = points;
      return this;
    }

    /** Keys whose observations are stepped for the gate histograms (0: only watched keys). */
    public Builder setSampledKeys(int keys) {
      this.sampledKeys = keys;
      return this;
    }

    public Builder setMaxWatchedKeys(int keys) {
      this.maxWatchedKeys = keys;
      return this;
    }

    public Builder setLatencySamples(int samples) {
      this.latencySamples = samples;
      return this;
    }

    /** How far back events/s looks (whole seconds). */
    public Builder setRateWindow(Duration window) {
      this.rateWindow = window;
      return this;
    }

    public Builder setPushInterval(Duration interval) {
      this.pushInterval = interval;
      return this;
    }

    public Builder setGateBins(int bins) {
      this.gateBins = bins;
      return this;
    }

    public Builder setMaxClients(int clients) {
      this.maxClients = clients;
      return this;
    }

    /** Observations waiting for the gate sampler at most (dropped beyond, and counted). */
    public Builder setGateQueue(int observations) {
      this.gateQueue = observations;
      return this;
    }

    public DashboardLimits build() {
      return new DashboardLimits(
          maxKeys,
          pointsPerKey,
          sampledKeys,
          maxWatchedKeys,
          latencySamples,
          rateWindow,
          pushInterval,
          gateBins,
          maxClients,
          gateQueue);
    }
  }
}
