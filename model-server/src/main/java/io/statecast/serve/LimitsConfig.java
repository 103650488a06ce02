package io.statecast.serve;

/**
 * Bounds on what one request may ask, and how fast one client may ask.
 *
 * @param maxBodyBytes largest JSON request body (413 beyond)
 * @param maxUploadBytes largest model archive upload (413 beyond)
 * @param maxObservations most observations in one stateful request
 * @param maxWindow most observations in one window of a stateless inference (the T axis)
 * @param maxWindows most windows in one stateless inference (the batch axis N)
 * @param ratePerSecond requests per second one client may sustain (0: no rate limit)
 * @param rateBurst requests one client may send at once before it is limited
 */
public record LimitsConfig(
    long maxBodyBytes,
    long maxUploadBytes,
    int maxObservations,
    int maxWindow,
    int maxWindows,
    double ratePerSecond,
    int rateBurst) {

  /** 1 MiB bodies, 256 MiB uploads, 1,000 observations, windows of 10,000, no rate limit. */
  public static final LimitsConfig DEFAULT =
      new LimitsConfig(1L << 20, 256L << 20, 1_000, 10_000, 1_024, 0, 0);

  public LimitsConfig {
    if (maxBodyBytes < 1024 || maxUploadBytes < 1024) {
      throw new IllegalArgumentException("body and upload limits must be at least 1024 bytes");
    }
    if (maxObservations < 1 || maxWindow < 1 || maxWindows < 1) {
      throw new IllegalArgumentException("observation and window limits must be positive");
    }
    if (ratePerSecond < 0 || !Double.isFinite(ratePerSecond)) {
      throw new IllegalArgumentException("the rate limit must be 0 (off) or positive");
    }
    if (ratePerSecond > 0 && rateBurst < 1) {
      rateBurst = (int) Math.max(1, Math.ceil(ratePerSecond));
    }
  }

  /** Whether clients are rate limited. */
  public boolean rateLimited() {
    return ratePerSecond > 0;
  }

  /** The same limits with a per-client rate limit. */
  public LimitsConfig withRate(double perSecond, int burst) {
    return new LimitsConfig(
        maxBodyBytes, maxUploadBytes, maxObservations, maxWindow, maxWindows, perSecond, burst);
  }

  /** The same limits with another body limit. */
  public LimitsConfig withMaxBodyBytes(long bytes) {
    return new LimitsConfig(
        bytes, maxUploadBytes, maxObservations, maxWindow, maxWindows, ratePerSecond, rateBurst);
  }
}
