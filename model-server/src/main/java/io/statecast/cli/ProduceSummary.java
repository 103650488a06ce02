package io.statecast.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counts of one {@code produce} run: lines read, records read, sent, acknowledged and failed,
 * lines skipped by {@link SkipReason}; the first send failures; whether a bad line stopped the run
 * ({@code --strict}) or Ctrl-C did. Thread-safe: the producer's callbacks count acknowledgements
 * and failures on its own thread while the reading thread counts the rest.
 */
final class ProduceSummary {

  /** How many send failures are kept to report. */
  static final int FIRST_FAILURES = 5;

  private final long startNanos = System.nanoTime();
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLongArray skipped = new AtomicLongArray(SkipReason.values().length);
  private final List<String> firstFailures = new ArrayList<>();
  private volatile long endNanos = -1;
  private volatile InputLine stoppedAt;
  private volatile boolean interrupted;

  /** Sets how many lines were read so far. */
  void linesRead(long n) {
    lines.set(n);
  }

  /** Counts an observation read and about to be sent. */
  void recordRead() {
    records.incrementAndGet();
  }

  /**
   * Counts a skipped line.
   *
   * @return how many lines have been skipped, this one included
   */
  long skipped(InputLine line) {
    skipped.incrementAndGet(line.reason().ordinal());
    return skippedTotal();
  }

  /** Counts a record handed to the producer. */
  void sent() {
    sent.incrementAndGet();
  }

  /** Counts a record the broker acknowledged. */
  void acknowledged() {
    acknowledged.incrementAndGet();
  }

  /** Counts a record that could not be sent, or that the broker did not acknowledge. */
  void failed(String why) {
    failed.incrementAndGet();
    synchronized (firstFailures) {
      if (firstFailures.size() < FIRST_FAILURES) {
        firstFailures.add(why);
      }
    }
  }

  /** Records that {@code line} stopped the run ({@code --strict}). */
  void stoppedAt(InputLine line) {
    stoppedAt = line;
  }

  /** Records that the run was interrupted (Ctrl-C). */
  void interrupted() {
    interrupted = true;
  }

  /** Stops the clock. */
  void finish() {
    if (endNanos < 0) {
      endNanos = System.nanoTime();
    }
  }

  long records() {
    return records.get();
  }

  long sentCount() {
    return sent.get();
  }

  long acknowledgedCount() {
    return acknowledged.get();
  }

  long failedCount() {
    return failed.get();
  }

  long skippedTotal() {
    long n = 0;
    for (int i = 0; i < skipped.length(); i++) {
      n += skipped.get(i);
    }
    return n;
  }

  long skippedFor(SkipReason reason) {
    return skipped.get(reason.ordinal());
  }

  /** The line that stopped a strict run, or null. */
  InputLine stoppedAt() {
    return stoppedAt;
  }

  /** Whether every record read was acknowledged and no bad line stopped the run. */
  boolean succeeded() {
    return stoppedAt == null && failed.get() == 0 && acknowledged.get() == records.get();
  }

  /** 0 when {@link #succeeded()}, else 1. */
  int exitCode() {
    return succeeded() ? 0 : 1;
  }

  /** Seconds since the start, until {@link #finish()}. */
  double elapsedSeconds() {
    long end = endNanos < 0 ? System.nanoTime() : endNanos;
    return (end - startNanos) / 1e9;
  }

  /** One progress line: sent, the rate of the last interval, acknowledged, errors. */
  String progressLine(double recentRate) {
    return String.format(
        Locale.ROOT,
        "sent %d (%.0f/s), acknowledged %d, failed %d, skipped %d lines",
        sent.get(),
        recentRate,
        acknowledged.get(),
        failed.get(),
        skippedTotal());
  }

  /** The summary at the end, one line per entry. */
  List<String> report(String topic) {
    double seconds = elapsedSeconds();
    List<String> out = new ArrayList<>();
    out.add("lines read: " + lines.get());
    out.add("records read: " + records.get());
    out.add("records sent: " + sent.get() + " to " + topic);
    out.add("records acknowledged: " + acknowledged.get());
    StringJoiner reasons = new StringJoiner(", ", " (", ")").setEmptyValue("");
    for (SkipReason r : SkipReason.values()) {
      if (skippedFor(r) > 0) {
        reasons.add(r.label() + " " + skippedFor(r));
      }
    }
    out.add("lines skipped: " + skippedTotal() + reasons);
    out.add("send failures: " + failed.get());
    synchronized (firstFailures) {
      firstFailures.forEach(f -> out.add("  " + f));
    }
    out.add(String.format(Locale.ROOT, "elapsed: %.3f s", seconds));
    out.add(
        String.format(
            Locale.ROOT, "rate: %.1f records/s", seconds > 0 ? acknowledged.get() / seconds : 0.0));
    if (stoppedAt != null) {
      out.add("stopped at line " + stoppedAt.number() + " (--strict): " + stoppedAt.problem());
    }
    if (interrupted) {
      out.add("interrupted: stopped reading, sent what was read");
    }
    return out;
  }
}
