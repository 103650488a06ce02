package io.statecast.testing.kafka;

import java.net.BindException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One run of Kafka's {@code KafkaRaftServer}, started and stopped within a time limit.
 *
 * <p>{@code startup()} blocks until the broker is unfenced, bounded by {@code
 * server.max.startup.time.ms}; {@code shutdown()} allows itself five minutes. Both run here on a
 * separate thread that the caller waits for at most the given timeout, so a broker that hangs shows
 * up as a clear error instead of a test or demo that never ends.
 */
final class RaftServerHandle {
  private final KafkaRaftServer server;

  private RaftServerHandle(KafkaRaftServer server) {
    this.server = server;
  }

  /** Starts a server with {@code properties}; on failure, stops what was started and throws. */
  static RaftServerHandle start(Properties properties, Duration timeout) {
    KafkaRaftServer server;
    try {
      server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    } catch (RuntimeException e) {
      throw new IllegalStateException("invalid Kafka broker configuration or log directory", e);
    }
    RaftServerHandle handle = new RaftServerHandle(server);
    try {
      runBounded("kafka-startup", server::startup, timeout, "the Kafka broker to start");
    } catch (RuntimeException e) {
      try {
        handle.stop(timeout);
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
    return handle;
  }

  /** Whether a start failed because a listener's port was taken. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Shuts the server down and waits for its threads, at most {@code timeout}. */
  void stop(Duration timeout) {
    runBounded(
        "kafka-shutdown",
        () -> {
          server.shutdown();
          server.awaitShutdown();
        },
        timeout,
        "the Kafka broker to stop");
  }

  /**
   * Runs {@code action} on a daemon thread and waits for it at most {@code timeout}.
   *
   * @throws IllegalStateException if it fails (with its exception as cause) or times out
   */
  private static void runBounded(String name, Runnable action, Duration timeout, String what) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (Throwable t) { // reported to the waiting thread
                failure.set(t);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
    if (thread.isAlive()) {
      throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("failed waiting for " + what, failure.get());
    }
  }
}
