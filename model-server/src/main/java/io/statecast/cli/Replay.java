package io.statecast.cli;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The replay loop of {@code produce}: reads lines, skips bad ones (or, strict, stops at the first),
 * paces the rest and sends them, until the input ends, the limit is reached or {@link #stop()} is
 * called; then flushes, so that every record sent is acknowledged or failed before it returns.
 */
final class Replay {

  private final RecordFileReader reader;
  private final ObservationSender sender;
  private final Pacer pacer;
  private final ProduceSummary summary;
  private final long limit;
  private final boolean strict;
  private final Consumer<InputLine> onSkipped;
  private volatile boolean stopped;

  /**
   * @param limit the most records to send ({@link Long#MAX_VALUE}: all)
   * @param strict stop at the first bad line
   * @param onSkipped told of each skipped line, on the reading thread
   */
  Replay(
      RecordFileReader reader,
      ObservationSender sender,
      Pacer pacer,
      ProduceSummary summary,
      long limit,
      boolean strict,
      Consumer<InputLine> onSkipped) {
    this.reader = reader;
    this.sender = sender;
    this.pacer = pacer;
    this.summary = summary;
    this.limit = limit;
    this.strict = strict;
    this.onSkipped = onSkipped;
  }

  /** Runs the replay to its end; the outcome is in the summary. */
  void run() throws IOException, InterruptedException {
    try {
      while (!stopped && summary.records() < limit) {
        InputLine line = reader.next();
        summary.linesRead(reader.linesRead());
        if (line == null) {
          break;
        }
        if (line.isSkipped()) {
          summary.skipped(line);
          onSkipped.accept(line);
          if (strict) {
            summary.stoppedAt(line);
            break;
          }
          continue;
        }
        if (!pacer.await(this::stopped)) {
          break;
        }
        summary.recordRead();
        sender.send(line.observation());
      }
    } finally {
      sender.flush();
      summary.finish();
    }
  }

  /** Stops reading (from another thread, e.g. on Ctrl-C); {@link #run()} then flushes and ends. */
  void stop() {
    stopped = true;
  }

  private boolean stopped() {
    return stopped;
  }
}
