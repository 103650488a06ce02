package io.statecast.serve;

import java.time.Duration;

/**
 * The stateful API's sequence batcher: the latency/throughput knob and the bounds on held state;
 * build it with {@link #builder} ({@code set*} change a default).
 *
 * @param maxBatch most observations stepped in one batch (and so most keys in one kernel call): a
 *     batch of up to this many observations of up to this many keys is stepped in waves
 * @param maxWait how long an idle dispatcher waits after the first request for more keys to join
 *     the wave (0: step at once)
 * @param keyTtl a key idle this long is forgotten (its state dropped)
 * @param maxKeys most keys held per model; a new key beyond it is refused (429)
 * @param queueCapacity requests waiting for the dispatcher at most, per model (429 beyond)
 * @param requestTimeout how long a request waits for its steps before it gives up (503)
 */
public record BatchingConfig(
    int maxBatch,
    Duration maxWait,
    Duration keyTtl,
    int maxKeys,
    int queueCapacity,
    Duration requestTimeout) {

  /** 256 observations, 2 ms, 1 h TTL, 1,000,000 keys, 65,536 queued, 30 s. */
  public static final BatchingConfig DEFAULT = builder().build();

  public BatchingConfig {
    if (maxBatch < 1 || maxBatch > 65_536) {
      throw new IllegalArgumentException("max batch must be between 1 and 65536, got " + maxBatch);
    }
    if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("max wait must be between 0 and 1 s, got " + maxWait);
    }
    if (keyTtl == null || keyTtl.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("the key TTL must be at least 10 ms, got " + keyTtl);
    }
    if (maxKeys < 1 || queueCapacity < 1) {
      throw new IllegalArgumentException("max keys and queue capacity must be positive");
    }
    if (requestTimeout == null || requestTimeout.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
  }

  /** A builder with the {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxBatch = maxBatch;
    b.maxWait = maxWait;
    b.keyTtl = keyTtl;
    b.maxKeys = maxKeys;
    b.queueCapacity = queueCapacity;
    b.requestTimeout = requestTimeout;
    return b;
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private int maxBatch = 256;
    private Duration maxWait = Duration.ofMillis(2);
    private Duration keyTtl = Duration.ofHours(1);
    private int maxKeys = 1_000_000;
    private int queueCapacity = 65_536;
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** Most observations stepped in one batch (and so most keys in one kernel call). */
    public Builder setMaxBatch(int batch) {
      this.maxBatch = batch;
      return this;
    }

    /** How long an idle dispatcher waits for more keys to join the wave (0: step at once). */
    public Builder setMaxWait(Duration wait) {
      this.maxWait = wait;
      return this;
    }

    public Builder setKeyTtl(Duration ttl) {
      this.keyTtl = ttl;
      return this;
    }

    public Builder setMaxKeys(int keys) {
      this.maxKeys = keys;
      return this;
    }

    public Builder setQueueCapacity(int requests) {
      this.queueCapacity = requests;
      return this;
    }

    public Builder setRequestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public BatchingConfig build() {
      return new BatchingConfig(maxBatch, maxWait, keyTtl, maxKeys, queueCapacity, requestTimeout);
    }
  }
}
