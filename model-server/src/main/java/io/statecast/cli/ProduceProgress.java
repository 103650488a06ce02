package io.statecast.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The progress of a {@code produce} run on stderr: once a second, a line with the records sent, the
 * rate over the last second, the acknowledgements and the errors ({@link
 * ProduceSummary#progressLine}). Runs on a daemon thread until {@link #close()}.
 */
final class ProduceProgress implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final ProduceSummary summary;
  private final PrintWriter err;
  private long lastSent;
  private long lastNanos = System.nanoTime();

  private ProduceProgress(ProduceSummary summary, PrintWriter err, boolean enabled) {
    this.summary = summary;
    this.err = err;
    this.timer =
        enabled
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "statecast-produce-progress");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** Starts printing progress to {@code err}, or nothing when not {@code enabled}. */
  static ProduceProgress start(ProduceSummary summary, PrintWriter err, boolean enabled) {
    ProduceProgress p = new ProduceProgress(summary, err, enabled);
    if (p.timer != null) {
      p.timer.scheduleAtFixedRate(p::tick, 1, 1, TimeUnit.SECONDS);
    }
    return p;
  }

  private void tick() {
    long now = System.nanoTime();
    long sent = summary.sentCount();
    double rate = (sent - lastSent) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastSent = sent;
    lastNanos = now;
    err.println(summary.progressLine(rate));
    err.flush();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
