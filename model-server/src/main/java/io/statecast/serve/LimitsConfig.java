package io.statecast.serve;

/**
 * Bounds on what one request may ask, and how fast one client may ask; build it with {@link
 * #builder} ({@code set*} change a default, {@code opt*} add an optional setting).
 *
 * @param maxBodyBytes largest JSON request body (413 beyond)
 * @param maxUploadBytes largest model archive upload (413 beyond)
 * @param maxObservations most observations in one stateful request
 * @param maxWindow most observations in one window of a stateless inference (the T axis)
 * @param maxWindows most windows in one stateless inference (the batch axis N)
 * @param ratePerSecond requests per second one client may sustain (0: no rate limit)
 * @param rateBurst requests one client may send at once before it is limited (below 1 with a rate
 *     limit: one second's worth of the rate)
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
  public static final LimitsConfig DEFAULT = builder().build();

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

  /** A builder with the {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBodyBytes = maxBodyBytes;
    b.maxUploadBytes = maxUploadBytes;
    b.maxObservations = maxObservations;
    b.maxWindow = maxWindow;
    b.maxWindows = maxWindows;
    b.ratePerSecond = ratePerSecond;
    b.rateBurst = rateBurst;
    return b;
  }

  /** Whether clients are rate limited. */
  public boolean rateLimited() {
    return ratePerSecond > 0;
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private long maxBodyBytes = 1L << 20;
    private long maxUploadBytes = 256L << 20;
    private int maxObservations = 1_000;
    private int maxWindow = 10_000;
    private int maxWindows = 1_024;
    private double ratePerSecond;
    private int rateBurst;

    private Builder() {}

    public Builder setMaxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder setMaxUploadBytes(long bytes) {
      this.maxUploadBytes = bytes;
      return this;
    }

    public Builder setMaxObservations(int observations) {
      this.maxObservations = observations;
      return this;
    }

    /** Most observations in one window of a stateless inference (the T axis). */
    public Builder setMaxWindow(int observations) {
      this.maxWindow = observations;
      return this;
    }

    /** Most windows in one stateless inference (the batch axis N). */
    public Builder setMaxWindows(int windows) {
      this.maxWindows = windows;
      return this;
    }

    /**
     * A per-client rate limit of this many requests per second (0: none), with this burst (below 1:
     * one second's worth of the rate).
     */
    public Builder optRate(double perSecond, int burst) {
      this.ratePerSecond = perSecond;
      this.rateBurst = burst;
      return this;
    }

    public LimitsConfig build() {
      return new LimitsConfig(
          maxBodyBytes,
          maxUploadBytes,
          maxObservations,
          maxWindow,
          maxWindows,
          ratePerSecond,
          rateBurst);
    }
  }
}
