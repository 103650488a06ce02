package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTheBurstThenTheRate() {
    RateLimiter limiter = new RateLimiter(2, 4);
    long t = 10 * SECOND;
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.acquire("a", t)).isZero();
    }
    assertThat(limiter.acquire("a", t)).isEqualTo(1);
    assertThat(limiter.acquire("b", t)).as("clients have their own buckets").isZero();
    assertThat(limiter.acquire("a", t + SECOND / 2)).isZero(); // one token after 0.5 s at 2/s
    assertThat(limiter.acquire("a", t + SECOND / 2)).isPositive();
    assertThat(limiter.acquire("a", t + 10 * SECOND)).isZero();
  }
}
