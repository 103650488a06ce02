package io.statecast.serve;

import java.time.Duration;

/**
 * The stateful API's sequence batcher: the latency/throughput knob and the bounds on held state.
 *
 * @param maxBatch most keys stepped in one kernel call (one wave)
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

  /** 256 keys, 2 ms, 1 h TTL, 1,000,000 keys, 65,536 queued, 30 s. */
  public static final BatchingConfig DEFAULT =
      new BatchingConfig(
          256,
          Duration.ofMillis(2),
          Duration.ofHours(1),
          1_000_000,
          65_536,
          Duration.ofSeconds(30));

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

  /** The same, with another batch size and wait. */
  public BatchingConfig withBatch(int batch, Duration wait) {
    return new BatchingConfig(batch, wait, keyTtl, maxKeys, queueCapacity, requestTimeout);
  }

  /** The same, with another TTL. */
  public BatchingConfig withKeyTtl(Duration ttl) {
    return new BatchingConfig(maxBatch, maxWait, ttl, maxKeys, queueCapacity, requestTimeout);
  }

  /** The same, with another key capacity. */
  public BatchingConfig withMaxKeys(int keys) {
    return new BatchingConfig(maxBatch, maxWait, keyTtl, keys, queueCapacity, requestTimeout);
  }
}
