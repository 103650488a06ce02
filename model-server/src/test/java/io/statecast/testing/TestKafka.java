package io.statecast.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node KRaft broker in this JVM for model-server tests, on 127.0.0.1 only.
 *
 * <p>The same recipe as flink-job's {@code io.statecast.kafka.EmbeddedKafka} (which model-server
 * cannot use: the dependency points the other way): format the log directory as {@code
 * kafka-storage format} does, then run Kafka's own {@code KafkaRaftServer} in combined
 * broker+controller mode with replication factor 1 for the internal topics. Start and stop are
 * bounded. Kafka's {@code KafkaClusterTestKit} is not used: it binds every interface.
 */
public final class TestKafka implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final int port;
  private final KafkaRaftServer server;

  private TestKafka(Path directory, int port, KafkaRaftServer server) {
    this.directory = directory;
    this.port = port;
    this.server = server;
  }

  /** Formats a fresh log directory under {@code parent} and starts a broker on it. */
  public static TestKafka start(Path parent) throws IOException {
    Path dir = Files.createTempDirectory(parent, "kafka-");
    format(dir);
    int port = freePort();
    int controller = freePort();
    KafkaRaftServer server =
        new KafkaRaftServer(new KafkaConfig(properties(dir, port, controller), false), Time.SYSTEM);
    TestKafka kafka = new TestKafka(dir, port, server);
    try {
      bounded(server::startup, "the Kafka broker to start");
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  private static Properties properties(Path dir, int port, int controller) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + HOST + ":" + controller);
    p.put("controller.listener.names", "CONTROLLER");
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controller);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16L << 20));
    p.put("server.max.startup.time.ms", String.valueOf(TIMEOUT.toMillis()));
    return p;
  }

  private static void format(Path dir) {
    PrintStream discard =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    try {
      new Formatter()
          .setPrintStream(discard)
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setHasDynamicQuorum(false)
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka log directory " + dir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code action} on a daemon thread, waiting at most {@link #TIMEOUT}. */
  private static void bounded(Runnable action, String what) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (Throwable e) { // reported below
                failure.set(e);
              }
            },
            "test-kafka");
    t.setDaemon(true);
    t.start();
    try {
      t.join(TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what, e);
    }
    if (t.isAlive()) {
      throw new IllegalStateException("timed out after " + TIMEOUT + " waiting for " + what);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("failed waiting for " + what, failure.get());
    }
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** Creates topics (partitions by name) and waits until they are known. */
  public void createTopics(Map<String, Integer> partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      List<NewTopic> topics =
          partitions.entrySet().stream()
              .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
              .toList();
      admin.createTopics(topics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      admin
          .describeTopics(partitions.keySet())
          .allTopicNames()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Producer settings: bootstrap servers and byte-array serializers. */
  public Properties producerProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    p.put("acks", "all");
    return p;
  }

  @Override
  public void close() {
    try {
      bounded(
          () -> {
            server.shutdown();
            server.awaitShutdown();
          },
          "the Kafka broker to stop");
    } finally {
      try {
        Utils.delete(directory.toFile());
      } catch (IOException e) {
        // a temporary directory under target/
      }
    }
  }
}
