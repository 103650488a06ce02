package io.statecast.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Paces events to a rate with a token schedule: event {@code i} is due {@code i / rate} seconds
 * after the first, and {@link #await} sleeps until it is (never spins). Falling behind by more than
 * a second (a slow producer) restarts the schedule rather than bursting to catch up. At rate {@code
 * max} nothing waits. Not thread-safe: one sending thread uses it.
 */
final class Pacer {

  /** The longest single sleep, so that a stop is noticed soon. */
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Sleeps for a number of nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long next = Long.MIN_VALUE;

  Pacer(double perSecond, LongSupplier clock, Sleeper sleeper) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("the rate must be positive, got " + perSecond);
    }
    this.intervalNanos =
        Double.isInfinite(perSecond) ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A pacer of {@code perSecond} events a second ({@code +Infinity}: as fast as possible). */
  static Pacer perSecond(double perSecond) {
    return new Pacer(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** Whether this pacer never waits. */
  boolean unlimited() {
    return intervalNanos == 0;
  }

  /**
   * Waits until the next event is due.
   *
   * @param stopped checked between sleeps; when it turns true the wait ends early
   * @return true when the event is due, false when stopped first
   */
  boolean await(BooleanSupplier stopped) throws InterruptedException {
    if (unlimited()) {
      return !stopped.getAsBoolean();
    }
    long now = clock.getAsLong();
    if (next == Long.MIN_VALUE || now - next > Math.max(MAX_LAG_NANOS, intervalNanos)) {
      next = now;
    }
    while (now < next) {
      if (stopped.getAsBoolean()) {
        return false;
      }
      sleeper.sleep(Math.min(SLICE_NANOS, next - now));
      now = clock.getAsLong();
    }
    next += intervalNanos;
    return !stopped.getAsBoolean();
  }
}
