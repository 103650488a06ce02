package io.statecast.job;

import java.time.Duration;

/**
 * What the job does about its topics before it starts: it always checks that Kafka answers and that
 * the topics it reads and writes exist; with {@code create} it creates the missing ones instead of
 * refusing to start.
 *
 * @param create create missing topics (else a missing topic stops the start with the commands that
 *     create it)
 * @param partitions partitions of created topics; null: the input topic's, or the broker's default
 *     when the input is missing too
 * @param replication replication factor of created topics; null: the input topic's, or the broker's
 *     default
 * @param timeout how long the check waits for Kafka to answer
 */
public record TopicSetup(boolean create, Integer partitions, Short replication, Duration timeout) {

  /** Check only, partitions and replication from the input topic, 30 seconds. */
  public static final TopicSetup DEFAULT =
      new TopicSetup(false, null, null, Duration.ofSeconds(30));

  public TopicSetup {
    if (partitions != null && partitions < 1) {
      throw new IllegalArgumentException(
          "--topic-partitions must be at least 1, got " + partitions);
    }
    if (replication != null && replication < 1) {
      throw new IllegalArgumentException(
          "--topic-replication must be at least 1, got " + replication);
    }
    if ((partitions != null || replication != null) && !create) {
      throw new IllegalArgumentException(
          "--topic-partitions and --topic-replication apply to created topics: add --create-topics");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--kafka-timeout must be positive, got " + timeout);
    }
  }
}
