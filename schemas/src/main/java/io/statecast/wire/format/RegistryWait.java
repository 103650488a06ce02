package io.statecast.wire.format;

import io.statecast.wire.RegistryUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits out a schema registry that does not answer: the call is repeated with exponential back-off
 * ({@value #FIRST_MS} ms doubling to {@value #MAX_MS} ms) until it succeeds or the thread is
 * interrupted (the task is cancelled). The record in hand is neither dropped nor turned into a dead
 * letter: the registry's outage is not its fault. Each failed try is counted and logged (the first
 * of an outage as a warning with the reason, then one line per minute), and the end of the outage
 * is logged.
 */
public final class RegistryWait {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryWait.class);
  static final long FIRST_MS = 500;
  static final long MAX_MS = 30_000;
  private static final long LOG_EVERY_MS = 60_000;

  /** A call that may find the registry unavailable. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws RegistryUnavailableException;
  }

  /** Told of each failed try (a metric's counter). */
  @FunctionalInterface
  public interface Listener {
    void retried();
  }

  private final String what;
  private final Listener listener;
  private final Sleeper sleeper;

  /** How the wait sleeps (tests substitute their own). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * @param what what is waiting, for the log ("the observations source")
   * @param listener told of each failed try
   */
  public RegistryWait(String what, Listener listener) {
    this(what, listener, Thread::sleep);
  }

  RegistryWait(String what, Listener listener, Sleeper sleeper) {
    this.what = what;
    this.listener = listener;
    this.sleeper = sleeper;
  }

  /**
   * The result of {@code call}, once the registry answers.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public <T> T until(Call<T> call) throws InterruptedException {
    try {
      return call.call();
    } catch (RegistryUnavailableException e) {
      return after(e, call);
    }
  }

  /**
   * The result of {@code call}, which has just failed with {@code first}: for callers that make the
   * first try themselves, so that a record costs nothing extra while the registry answers.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public <T> T after(RegistryUnavailableException first, Call<T> call) throws InterruptedException {
    RegistryUnavailableException failure = first;
    long backoff = FIRST_MS;
    long outageStart = System.currentTimeMillis();
    long lastLog = 0;
    int tries = 0;
    while (true) {
      long now = System.currentTimeMillis();
      tries++;
      listener.retried();
      if (tries == 1 || now - lastLog >= LOG_EVERY_MS) {
        lastLog = now;
        LOG.warn(
            "{} waits for the schema registry (try {}, next in {} ms): {}",
            what,
            tries,
            backoff,
            failure.getMessage());
      }
      sleeper.sleep(backoff);
      backoff = Math.min(MAX_MS, backoff * 2);
      try {
        T result = call.call();
        LOG.info(
            "{}: the schema registry answers again after {} tries ({})",
            what,
            tries,
            Duration.ofMillis(System.currentTimeMillis() - outageStart));
        return result;
      } catch (RegistryUnavailableException e) {
        failure = e;
      }
    }
  }
}
