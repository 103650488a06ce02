package io.statecast.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates topics and waits, within a deadline, until every partition has a leader.
 *
 * <p>A topic whose creation the controller has accepted is not yet usable: the broker learns it
 * from the metadata log a moment later, and a producer that asks before then gets {@code
 * UNKNOWN_TOPIC_OR_PARTITION}. Waiting for leaders in the broker's own metadata (what {@code
 * describeTopics} answers from, and what producers and consumers see) removes that race. Creating a
 * topic that already exists with the requested partition count is not an error, so a demo can start
 * again on a kept log directory.
 */
public final class Topics {
  private static final long POLL_MILLIS = 50;

  private Topics() {}

  public static void create(Admin admin, Collection<NewTopic> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, KafkaFuture<Void>> created = admin.createTopics(topics).values();
    for (NewTopic topic : topics) {
      try {
        await(created.get(topic.name()), deadline, "creation of topic " + topic.name());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
        }
      }
    }
    awaitLeaders(admin, topics, deadline, timeout);
  }

  private static void awaitLeaders(
      Admin admin, Collection<NewTopic> topics, long deadline, Duration timeout) {
    List<NewTopic> pending = new ArrayList<>(topics);
    while (true) {
      pending.removeIf(topic -> hasLeaders(admin, topic, deadline));
      if (pending.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        List<String> names = pending.stream().map(NewTopic::name).toList();
        throw new IllegalStateException(
            "topics " + names + " had no leader for every partition within " + timeout);
      }
      sleep();
    }
  }

  /** Whether the broker knows {@code topic} and all its partitions have a leader. */
  private static boolean hasLeaders(Admin admin, NewTopic topic, long deadline) {
    TopicDescription description;
    try {
      description =
          await(
              admin.describeTopics(List.of(topic.name())).topicNameValues().get(topic.name()),
              deadline,
              "description of topic " + topic.name());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("cannot describe topic " + topic.name(), e.getCause());
    }
    List<TopicPartitionInfo> partitions = description.partitions();
    if (topic.numPartitions() > 0 && partitions.size() != topic.numPartitions()) {
      throw new IllegalStateException(
          "topic "
              + topic.name()
              + " exists with "
              + partitions.size()
              + " partitions, not the "
              + topic.numPartitions()
              + " requested");
    }
    return !partitions.isEmpty()
        && partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
  }

  /** Waits for {@code future} until {@code deadline} ({@link System#nanoTime()}). */
  public static <T> T await(KafkaFuture<T> future, long deadline, String what)
      throws ExecutionException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out waiting for " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for topic leaders", e);
    }
  }
}
