package io.statecast.testing.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 4.2 broker inside this JVM: the Kafka of the one-command demo and of every
 * integration test.
 *
 * <p>It runs Kafka's own {@code KafkaRaftServer} in KRaft combined mode (broker and controller in
 * one node) on 127.0.0.1 only; {@link BrokerProperties} has the settings and why. Kafka's test kit
 * ({@code KafkaClusterTestKit}) is deliberately not used: it binds its sockets on all interfaces
 * whatever the listeners say, and it pulls JUnit into the runtime class path. Before the first
 * start the log directory is formatted as {@code kafka-storage format} would ({@link
 * StorageFormatter}).
 *
 * <p>Lifecycle: {@link #start(EmbeddedKafkaConfig)} returns a running broker; {@link #restart()}
 * stops it and starts it again on the same log directory and ports (records, topics, committed
 * offsets and transactions survive, as across a real broker restart); {@link #close()} stops it and
 * deletes a temporary log directory. Every wait is bounded by the configuration's timeouts and
 * fails with an {@link IllegalStateException} that says what it waited for.
 *
 * <p>The broker logs through SLF4J under {@code kafka} and {@code org.apache.kafka}; the project's
 * log4j2 configurations keep both at WARN. Several brokers may run in one JVM (distinct ports and
 * directories); they all are node 1 of their own cluster.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) {
 *   kafka.createTopic("events", 4);
 *   try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerProperties())) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** How long {@link #createTopics} waits unless told otherwise. */
  public static final Duration DEFAULT_TOPIC_TIMEOUT = Duration.ofSeconds(30);

  /** Attempts with fresh ports when a picked port was taken before the broker bound it. */
  private static final int BIND_ATTEMPTS = 3;

  // Configuration, fixed for the life of this object (restarts included).
  private final EmbeddedKafkaConfig config;
  private final Path logDirectory;
  private final boolean temporaryLogDirectory;

  // Runtime.
  private BrokerProperties properties;
  private RaftServerHandle server;
  private Duration lastStartDuration = Duration.ZERO;
  private boolean closed;

  private EmbeddedKafka(EmbeddedKafkaConfig config, Path logDirectory, boolean temporary) {
    this.config = config;
    this.logDirectory = logDirectory;
    this.temporaryLogDirectory = temporary;
  }

  /** Starts a broker with the default configuration. */
  public static EmbeddedKafka start() {
    return start(EmbeddedKafkaConfig.defaults());
  }

  /**
   * Formats the log directory if needed and starts a broker; returns once it serves clients.
   *
   * @throws IllegalStateException if it does not start within {@link
   *     EmbeddedKafkaConfig#startTimeout()}
   */
  public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
    long t0 = System.nanoTime();
    Path directory;
    try {
      directory =
          config.logDirectory().isPresent()
              ? config.logDirectory().get()
              : Files.createTempDirectory("statecast-kafka-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary Kafka log directory", e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(config, directory, config.logDirectory().isEmpty());
    try {
      String clusterId = StorageFormatter.formatIfNeeded(directory);
      if (clusterId != null) {
        LOG.debug(
            "Formatted Kafka log directory {} for cluster {} in {} ms",
            directory,
            clusterId,
            Duration.ofNanos(System.nanoTime() - t0).toMillis());
      }
      kafka.startOnFreePorts(t0);
      return kafka;
    } catch (RuntimeException | Error e) {
      kafka.deleteLogDirectoryQuietly();
      throw e;
    }
  }

  /** Picks ports (keeping a configured one) and starts, retrying if a picked port was taken. */
  private void startOnFreePorts(long t0) {
    if (config.port() != 0 && !FreePorts.isFree(config.port())) {
      throw new IllegalStateException(
          "Kafka port " + config.port() + " on " + BrokerProperties.HOST + " is in use");
    }
    String internalPassword = BrokerProperties.newInternalPassword();
    for (int attempt = 1; ; attempt++) {
      int port = config.port() != 0 ? config.port() : FreePorts.pick();
      int controllerPort = FreePorts.pick();
      while (controllerPort == port) {
        controllerPort = FreePorts.pick();
      }
      properties =
          new BrokerProperties(config, logDirectory, port, controllerPort, internalPassword);
      try {
        startServer(t0);
        return;
      } catch (IllegalStateException e) {
        boolean retry = attempt < BIND_ATTEMPTS && RaftServerHandle.isBindFailure(e);
        if (!retry) {
          throw e;
        }
        LOG.warn("Kafka port {} or {} was taken; retrying with new ports", port, controllerPort);
      }
    }
  }

  /** Starts the server; {@code t0} ({@link System#nanoTime()}) is when this start began. */
  private void startServer(long t0) {
    server = RaftServerHandle.start(properties.server(), remainingStartTime(t0));
    try {
      awaitClients(remainingStartTime(t0));
    } catch (RuntimeException e) {
      stopServerQuietly();
      throw e;
    }
    lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info(
        "Kafka broker serving {} on {} (log directory {}) after {} ms",
        properties.clientListener(),
        bootstrapServers(),
        logDirectory,
        lastStartDuration.toMillis());
  }

  private Duration remainingStartTime(long t0) {
    Duration left = config.startTimeout().minusNanos(System.nanoTime() - t0);
    if (left.toMillis() < 1) {
      throw new IllegalStateException(
          "the Kafka broker did not start within " + config.startTimeout());
    }
    return left;
  }

  /** Waits until the client listener answers a metadata request, as the client helpers would. */
  private void awaitClients(Duration timeout) {
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    Properties admin = properties.client();
    String millis = String.valueOf(Math.max(1000, timeout.toMillis()));
    admin.put("request.timeout.ms", millis);
    admin.put("default.api.timeout.ms", millis);
    try (Admin client = Admin.create(admin)) {
      Topics.await(client.describeCluster().nodes(), deadline, "the broker to answer clients");
    } catch (ExecutionException e) {
      throw new IllegalStateException("the broker does not answer clients", e.getCause());
    }
  }

  /**
   * Stops the broker and starts it again on the same log directory and ports, as a broker restarted
   * in production would be; clients reconnect by themselves.
   */
  public synchronized void restart() {
    requireOpen();
    stopServer();
    startServer(System.nanoTime());
  }

  /** Stops the broker (bounded by the close timeout) and deletes a temporary log directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopServer();
    if (config.keepsLogDirectory()) {
      LOG.info("Kafka log directory kept: {}", logDirectory);
    } else {
      deleteLogDirectoryQuietly();
    }
  }

  private void stopServer() {
    if (server != null) {
      RaftServerHandle running = server;
      server = null;
      long t0 = System.nanoTime();
      running.stop(config.closeTimeout());
      LOG.info(
          "Kafka broker on {} stopped after {} ms",
          bootstrapServers(),
          Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }
  }

  private void stopServerQuietly() {
    try {
      stopServer();
    } catch (RuntimeException e) {
      LOG.warn("Kafka broker did not stop cleanly after a failed start", e);
    }
  }

  private void deleteLogDirectoryQuietly() {
    if (!temporaryLogDirectory || config.keepsLogDirectory()) {
      return;
    }
    try {
      Utils.delete(logDirectory.toFile());
    } catch (IOException e) {
      LOG.warn("Cannot delete Kafka log directory {}", logDirectory, e);
    }
  }

  /** {@code 127.0.0.1:port} of the client listener. */
  public String bootstrapServers() {
    return properties.bootstrapServers();
  }

  /** The client listener's port (the same across restarts). */
  public int port() {
    return properties.port();
  }

  /** The controller listener's port (the same across restarts). */
  int controllerPort() {
    return properties.controllerPort();
  }

  /** The log directory (temporary or configured). */
  public Path logDirectory() {
    return logDirectory;
  }

  /** The configuration this broker was started with. */
  public EmbeddedKafkaConfig config() {
    return config;
  }

  /**
   * How long the last start took until the broker answered clients: for {@link #start}, from the
   * call (formatting included); for {@link #restart()}, from the end of the stop.
   */
  public synchronized Duration lastStartDuration() {
    return lastStartDuration;
  }

  /** Whether the broker is running (started and neither stopped nor closed). */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Creates one topic (or finds it with that many partitions) and waits for its leaders. */
  public void createTopic(String name, int partitions) {
    createTopics(Map.of(name, partitions));
  }

  /** Creates topics, partition count by name, and waits until all partitions have a leader. */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    List<NewTopic> topics =
        partitionsByTopic.entrySet().stream()
            .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
            .toList();
    createTopics(topics, DEFAULT_TOPIC_TIMEOUT);
  }

  /**
   * Creates topics with their own settings (compaction, retention, …) and waits, at most {@code
   * timeout}, until all partitions have a leader. Replication factors above 1 cannot be met.
   */
  public void createTopics(Collection<NewTopic> topics, Duration timeout) {
    try (Admin admin = adminClient()) {
      Topics.create(admin, topics, timeout);
    }
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin adminClient() {
    return Admin.create(clientProperties());
  }

  /**
   * Bootstrap servers and, with SASL, the credentials of the broker's internal user: the base of
   * every client configuration, e.g. Flink's {@code KafkaSource.setProperties}. A fresh copy.
   */
  public Properties clientProperties() {
    requireOpen();
    return properties.client();
  }

  /** Bootstrap servers and SASL/PLAIN credentials of {@code user} (for security tests). */
  public Properties clientProperties(String user, String password) {
    requireOpen();
    if (!properties.sasl()) {
      throw new IllegalStateException("this broker was started without SASL");
    }
    return properties.client(user, password);
  }

  /** {@link #clientProperties()} plus byte-array serializers; callers may override any entry. */
  public Properties producerProperties() {
    return BrokerProperties.producer(clientProperties());
  }

  /**
   * {@link #clientProperties()} plus byte-array deserializers, {@code groupId}, reading from the
   * earliest offset and no automatic commits; callers may override any entry.
   */
  public Properties consumerProperties(String groupId) {
    return BrokerProperties.consumer(clientProperties(), groupId);
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("EmbeddedKafka is closed");
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + (properties == null ? "unstarted" : bootstrapServers()) + "]";
  }
}
