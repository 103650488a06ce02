package io.statecast.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: a client may send {@code burst} requests at once and {@code
 * rate} per second sustained; beyond that it is told to retry (429). Buckets idle long enough to be
 * full again are dropped, so the map stays as small as the set of active clients.
 */
final class RateLimiter {

  private static final class Bucket {
    double tokens;
    long refilledNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledNanos = now;
    }
  }

  private final double ratePerNano;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private long nextCleanup;

  RateLimiter(double ratePerSecond, int burst) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
  }

  /**
   * Takes one token for {@code client}.
   *
   * @return 0 if allowed, else the seconds after which a token will be there
   */
  long acquire(String client, long now) {
    cleanup(now);
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.refilledNanos) * ratePerNano);
      b.refilledNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerNano / 1e9));
    }
  }

  private void cleanup(long now) {
    if (now - nextCleanup < 0) {
      return;
    }
    long full = (long) (burst / ratePerNano);
    nextCleanup = now + Math.max(full, 1_000_000_000L);
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                return now - e.getValue().refilledNanos > full;
              }
            });
  }
}
