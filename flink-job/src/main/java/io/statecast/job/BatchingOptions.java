package io.statecast.job;

import io.statecast.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The forecast operator's batching options, the same for {@code statecast job} and {@code statecast
 * demo} (a picocli mixin): how many events one kernel call steps at most, and how long an event may
 * wait for its batch to fill.
 */
public final class BatchingOptions {

  @Option(
      names = "--batch-size",
      defaultValue = "256",
      description = "Events per batched step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--flush-interval",
      defaultValue = "5ms",
      converter = DurationConverter.class,
      description = "Longest wait of an event in the batch (default: ${DEFAULT-VALUE}).")
  Duration flushInterval;

  /** Events per batched step. */
  public int batchSize() {
    return batchSize;
  }

  /** Longest wait of an event in the batch. */
  public Duration flushInterval() {
    return flushInterval;
  }
}
