package io.statecast.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's start-up check of Kafka, before anything is submitted to Flink: the brokers answer, and
 * the topics the job reads and writes exist (or are created, with {@link TopicSetup#create()}).
 *
 * <p>Without it a missing output topic shows only once the job runs, as every transactional sink
 * failing with {@code UnknownTopicOrPartitionException} and the job restarting with back-off for
 * ever; an unreachable broker, as a source that waits silently. Here either is one {@link
 * IllegalStateException} whose message says what is wrong and the ways out; the command line prints
 * it as one line and exits with status 1. The model-updates topic is optional (the job subscribes
 * to it by pattern, so it may appear later); it is created with the others, with one partition, so
 * that updates stay in order.
 */
public final class TopicCheck {

  private static final Logger LOG = LoggerFactory.getLogger(TopicCheck.class);

  /** Replication factors from which created output topics get {@code min.insync.replicas=2}. */
  private static final int DURABLE_REPLICATION = 3;

  private static final long LEADER_POLL_MILLIS = 50;

  private TopicCheck() {}

  /**
   * Checks (and with {@code setup.create()} creates) the topics of {@code kafka}.
   *
   * @return the topics created, in the order of {@link KafkaSettings}
   * @throws IllegalStateException when Kafka does not answer within the setup's timeout, refuses
   *     the client, or lacks a topic that is not to be created
   */
  public static List<String> ensure(KafkaSettings kafka, TopicSetup setup) {
    long deadline = System.nanoTime() + setup.timeout().toNanos();
    try (Admin admin = Admin.create(adminProperties(kafka, setup))) {
      await(admin.describeCluster().clusterId(), deadline, kafka, setup);
      Map<String, TopicDescription> found = describe(admin, kafka, deadline, setup);
      List<String> missing = new ArrayList<>(required(kafka));
      missing.removeAll(found.keySet());
      TopicDescription input = found.get(kafka.observationsTopic());
      if (!setup.create()) {
        if (!missing.isEmpty()) {
          throw new IllegalStateException(missingMessage(kafka, missing, input));
        }
        return List.of();
      }
      List<NewTopic> create = new ArrayList<>();
      for (String name : missing) {
        create.add(newTopic(name, setup.partitions(), setup.replication(), input));
      }
      if (!found.containsKey(kafka.modelUpdatesTopic())) {
        create.add(newTopic(kafka.modelUpdatesTopic(), 1, setup.replication(), input));
      }
      List<String> names = create.stream().map(NewTopic::name).toList();
      create(admin, create, kafka, deadline, setup);
      LOG.info("created topics {} on {}", names, kafka.bootstrapServers());
      return names;
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot talk to Kafka at " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the topics and waits until the broker describes each of them with a leader for every
   * partition: a topic the controller accepted is not usable until the broker has learnt it from
   * the metadata log, and the job's clients start at once.
   */
  private static void create(
      Admin admin, List<NewTopic> topics, KafkaSettings kafka, long deadline, TopicSetup setup) {
    Map<String, KafkaFuture<Void>> created = admin.createTopics(topics).values();
    for (NewTopic t : topics) {
      try {
        await(created.get(t.name()), deadline, kafka, setup);
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile: fine
          throw e;
        }
      }
    }
    List<String> names = topics.stream().map(NewTopic::name).toList();
    while (!usable(admin, names, kafka, deadline, setup)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "topics " + names + " were created but had no leaders within " + setup.timeout());
      }
      try {
        Thread.sleep(LEADER_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the created topics", e);
      }
    }
  }

  private static boolean usable(
      Admin admin, List<String> names, KafkaSettings kafka, long deadline, TopicSetup setup) {
    Map<String, KafkaFuture<TopicDescription>> d = admin.describeTopics(names).topicNameValues();
    for (String name : names) {
      TopicDescription description;
      try {
        description = await(d.get(name), deadline, kafka, setup);
      } catch (IllegalStateException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return false;
        }
        throw e;
      }
      if (description.partitions().stream().anyMatch(p -> p.leader() == null)) {
        return false;
      }
    }
    return true;
  }

  /** The topics the job cannot run without: its input and its four outputs. */
  static List<String> required(KafkaSettings k) {
    return List.of(
        k.observationsTopic(),
        k.forecastsTopic(),
        k.deadLettersTopic(),
        k.lateEventsTopic(),
        k.anomaliesTopic());
  }

  private static Properties adminProperties(KafkaSettings kafka, TopicSetup setup) {
    Properties p = new Properties();
    p.putAll(kafka.clientProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    int ms = (int) Math.min(Integer.MAX_VALUE, setup.timeout().toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "statecast-topic-check");
    return p;
  }

  /** The job's topics that exist, with their descriptions. */
  private static Map<String, TopicDescription> describe(
      Admin admin, KafkaSettings kafka, long deadline, TopicSetup setup) {
    List<String> names = new ArrayList<>(required(kafka));
    names.add(kafka.modelUpdatesTopic());
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(names).topicNameValues();
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    for (String name : names) {
      try {
        found.put(name, await(futures.get(name), deadline, kafka, setup));
      } catch (IllegalStateException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return found;
  }

  private static NewTopic newTopic(
      String name, Integer partitions, Short replication, TopicDescription input) {
    Optional<Integer> p =
        Optional.ofNullable(partitions)
            .or(() -> Optional.ofNullable(input).map(d -> d.partitions().size()));
    Optional<Short> r = Optional.ofNullable(replication).or(() -> replicationOf(input));
    NewTopic topic = new NewTopic(name, p, r);
    if (r.isPresent() && r.get() >= DURABLE_REPLICATION) {
      topic.configs(Map.of("min.insync.replicas", "2"));
    }
    return topic;
  }

  private static Optional<Short> replicationOf(TopicDescription input) {
    return Optional.ofNullable(input)
        .filter(d -> !d.partitions().isEmpty())
        .map(d -> (short) d.partitions().get(0).replicas().size());
  }

  /** One line: what is missing, the command that creates it, and the option that would. */
  static String missingMessage(KafkaSettings k, List<String> missing, TopicDescription input) {
    String command =
        "kafka-topics.sh --bootstrap-server "
            + k.bootstrapServers()
            + " --create --topic "
            + (missing.size() == 1 ? missing.get(0) : "\"$t\"")
            + createFlags(input);
    String create =
        missing.size() == 1
            ? command
            : "for t in " + String.join(" ", missing) + "; do " + command + "; done";
    return "Kafka at "
        + k.bootstrapServers()
        + " has no topic "
        + String.join(", ", missing)
        + " (the job reads "
        + k.observationsTopic()
        + " and writes "
        + k.forecastsTopic()
        + ", "
        + k.deadLettersTopic()
        + ", "
        + k.lateEventsTopic()
        + " and "
        + k.anomaliesTopic()
        + "). Create "
        + (missing.size() == 1 ? "it" : "them")
        + ": "
        + create
        + " -- or start the job with --create-topics (partitions and replication of "
        + (input != null ? k.observationsTopic() + ", " : "the broker's defaults, ")
        + "or --topic-partitions and --topic-replication)";
  }

  private static String createFlags(TopicDescription input) {
    if (input == null) {
      return " --partitions 4 --replication-factor 3 --config min.insync.replicas=2";
    }
    int replication = replicationOf(input).orElse((short) 1);
    return " --partitions "
        + input.partitions().size()
        + " --replication-factor "
        + replication
        + (replication >= DURABLE_REPLICATION ? " --config min.insync.replicas=2" : "");
  }

  /** Waits for a reply of Kafka until {@code deadline}; every failure says what to check. */
  private static <T> T await(
      KafkaFuture<T> future, long deadline, KafkaSettings kafka, TopicSetup setup) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw unreachable(kafka, setup, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(kafka, setup, e.getCause());
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
      boolean security =
          e.getCause() instanceof AuthenticationException
              || e.getCause() instanceof AuthorizationException;
      throw new IllegalStateException(
          "Kafka at "
              + kafka.bootstrapServers()
              + " refused the job's request: "
              + e.getCause().getMessage()
              + (security
                  ? " (check the client's security settings: --kafka-property,"
                      + " --kafka-properties-file)"
                  : ""),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka", e);
    }
  }

  private static IllegalStateException unreachable(
      KafkaSettings kafka, TopicSetup setup, Throwable cause) {
    return new IllegalStateException(
        "no Kafka broker answered at "
            + kafka.bootstrapServers()
            + " within "
            + setup.timeout().toSeconds()
            + " s: check --bootstrap-servers, that the brokers run and can be reached from"
            + " here, and the client's security settings (--kafka-property,"
            + " --kafka-properties-file); --kafka-timeout sets how long to wait",
        cause);
  }
}
