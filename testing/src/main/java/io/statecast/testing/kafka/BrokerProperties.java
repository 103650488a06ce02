package io.statecast.testing.kafka;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker settings of one {@link EmbeddedKafka} start, and the matching client settings.
 *
 * <p>The broker is a single KRaft node in combined mode ({@code process.roles=broker,controller},
 * node id 1) whose only voter is itself. Both listeners, the client one ({@code PLAINTEXT} or
 * {@code SASL_PLAINTEXT}) and {@code CONTROLLER}, bind 127.0.0.1: the network beyond loopback is
 * closed on our machines, and a broker started for a demo or a test must not be reachable from
 * anywhere else. Internal topics get replication factor 1 and min ISR 1 (the defaults of 3 cannot
 * be met by one node), one partition each (50 would cost seconds on first use), topics are created
 * explicitly ({@code auto.create.topics.enable=false}), and consumer groups rebalance at once.
 *
 * <p>With SASL/PLAIN, every listener, the controller's included, requires authentication. The
 * broker talks to itself (controller registration, transaction markers) as an internal user whose
 * random password exists only in this object; the client helpers of {@link EmbeddedKafka} use the
 * same identity.
 */
final class BrokerProperties {
  /** The only address the broker binds and advertises. */
  static final String HOST = "127.0.0.1";

  /** KRaft node id of the broker (and of its controller). */
  static final int NODE_ID = 1;

  /** Name of the controller listener. */
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** SASL identity the broker uses towards itself. */
  static final String INTERNAL_USER = "statecast-broker";

  private static final String PLAIN_LOGIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  /** Heap of the log cleaner's dedupe map: Kafka's 128 MiB default is sized for real brokers. */
  private static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L << 20;

  private final EmbeddedKafkaConfig config;
  private final Path logDirectory;
  private final int port;
  private final int controllerPort;
  private final String internalPassword;

  BrokerProperties(
      EmbeddedKafkaConfig config,
      Path logDirectory,
      int port,
      int controllerPort,
      String internalPassword) {
    this.config = config;
    this.logDirectory = logDirectory;
    this.port = port;
    this.controllerPort = controllerPort;
    this.internalPassword = internalPassword;
  }

  int port() {
    return port;
  }

  int controllerPort() {
    return controllerPort;
  }

  boolean sasl() {
    return config.saslPlain().isPresent();
  }

  /** {@code PLAINTEXT} or {@code SASL_PLAINTEXT}: the client listener's name and protocol. */
  String clientListener() {
    return sasl() ? "SASL_PLAINTEXT" : "PLAINTEXT";
  }

  String bootstrapServers() {
    return HOST + ":" + port;
  }

  String controllerBootstrapServers() {
    return HOST + ":" + controllerPort;
  }

  /** The broker's configuration. */
  Properties server() {
    Properties p = new Properties();
    String client = clientListener();
    String controllerProtocol = sasl() ? "SASL_PLAINTEXT" : "PLAINTEXT";
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        client
            + "://"
            + HOST
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", client + "://" + HOST + ":" + port);
    p.put(
        "listener.security.protocol.map",
        client + ":" + client + "," + CONTROLLER_LISTENER + ":" + controllerProtocol);
    p.put("inter.broker.listener.name", client);
    p.put("log.dirs", logDirectory.toString());
    p.put("num.partitions", String.valueOf(config.defaultPartitions()));
    p.put("transaction.max.timeout.ms", String.valueOf(config.transactionMaxTimeout().toMillis()));
    p.put("server.max.startup.time.ms", String.valueOf(config.startTimeout().toMillis()));
    putSingleNodeDefaults(p);
    config.saslPlain().ifPresent(users -> putSasl(p, users));
    p.putAll(config.brokerProperties());
    return p;
  }

  private static void putSingleNodeDefaults(Properties p) {
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
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BUFFER_BYTES));
  }

  private void putSasl(Properties p, EmbeddedKafkaConfig.SaslPlain users) {
    StringBuilder jaas = new StringBuilder(PLAIN_LOGIN_MODULE).append(" required");
    appendOption(jaas, "username", INTERNAL_USER);
    appendOption(jaas, "password", internalPassword);
    appendOption(jaas, "user_" + INTERNAL_USER, internalPassword);
    users.users().forEach((user, password) -> appendOption(jaas, "user_" + user, password));
    jaas.append(';');
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString());
    p.put("listener.name.controller.plain.sasl.jaas.config", jaas.toString());
  }

  private static void appendOption(StringBuilder jaas, String key, String value) {
    jaas.append(' ').append(key).append("=\"").append(value).append('"');
  }

  /** A random password for {@link #INTERNAL_USER}, new for each {@link EmbeddedKafka}. */
  static String newInternalPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Bootstrap servers and security settings for a client as the internal (all-powerful) user. */
  Properties client() {
    return sasl() ? client(INTERNAL_USER, internalPassword) : plainClient();
  }

  /** Bootstrap servers and SASL/PLAIN settings for a client as {@code user}. */
  Properties client(String user, String password) {
    Properties p = plainClient();
    p.putAll(saslClient(user, password));
    return p;
  }

  private Properties plainClient() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /** The client settings of SASL/PLAIN over an unencrypted connection. */
  static Map<String, String> saslClient(String user, String password) {
    StringBuilder jaas = new StringBuilder(PLAIN_LOGIN_MODULE).append(" required");
    appendOption(jaas, "username", user);
    appendOption(jaas, "password", password);
    jaas.append(';');
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", jaas.toString());
  }

  /** {@code client} plus byte-array serializers. */
  static Properties producer(Properties client) {
    client.put("key.serializer", ByteArraySerializer.class.getName());
    client.put("value.serializer", ByteArraySerializer.class.getName());
    return client;
  }

  /** {@code client} plus byte-array deserializers, the group, earliest, no automatic commits. */
  static Properties consumer(Properties client, String groupId) {
    client.put("key.deserializer", ByteArrayDeserializer.class.getName());
    client.put("value.deserializer", ByteArrayDeserializer.class.getName());
    client.put("group.id", groupId);
    client.put("auto.offset.reset", "earliest");
    client.put("enable.auto.commit", "false");
    return client;
  }
}
