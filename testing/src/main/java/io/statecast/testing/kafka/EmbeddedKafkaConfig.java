package io.statecast.testing.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of an {@link EmbeddedKafka} broker, validated once when it is built.
 *
 * <p>Everything has a default, so {@code EmbeddedKafkaConfig.builder().build()} is a working
 * single-node broker on a free loopback port with a temporary log directory. The settings that make
 * the broker what it is (KRaft combined mode, node id 1, loopback listeners, replication factor 1
 * for internal topics) are not configurable; {@link Builder#optBrokerProperty} accepts any other
 * broker setting and refuses the ones this class owns.
 *
 * @param logDirectory the broker's log directory; empty for a fresh temporary directory under
 *     {@code java.io.tmpdir}. An explicit directory is never deleted and may already hold a
 *     broker's data (formatted by an earlier start), which is then reused.
 * @param keepLogDirectory whether a temporary log directory survives {@link EmbeddedKafka#close()}
 *     (for post-mortems); explicit directories are always kept
 * @param port the client listener's port on 127.0.0.1; 0 picks a free port at the first start and
 *     keeps it for {@link EmbeddedKafka#restart()}
 * @param defaultPartitions {@code num.partitions}: partitions of a topic created without a count
 * @param transactionMaxTimeout {@code transaction.max.timeout.ms}: the longest transaction timeout
 *     a producer may ask for (Flink's exactly-once sink asks for its own)
 * @param saslPlain the SASL/PLAIN users, if clients must authenticate; empty for PLAINTEXT
 * @param brokerProperties extra broker settings, applied over the defaults
 * @param startTimeout the longest a start or restart may take
 * @param closeTimeout the longest a stop may take
 */
public record EmbeddedKafkaConfig(
    Optional<Path> logDirectory,
    boolean keepLogDirectory,
    int port,
    int defaultPartitions,
    Duration transactionMaxTimeout,
    Optional<SaslPlain> saslPlain,
    Map<String, String> brokerProperties,
    Duration startTimeout,
    Duration closeTimeout) {

  /** Broker settings that {@link BrokerProperties} owns; extra properties may not set them. */
  static final Set<String> RESERVED_PROPERTIES =
      Set.of(
          "process.roles",
          "node.id",
          "broker.id",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "inter.broker.listener.name",
          "security.inter.broker.protocol",
          "controller.listener.names",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "log.dir",
          "log.dirs",
          "metadata.log.dir",
          "num.partitions",
          "transaction.max.timeout.ms",
          "sasl.enabled.mechanisms",
          "sasl.mechanism.inter.broker.protocol",
          "sasl.mechanism.controller.protocol",
          "server.max.startup.time.ms");

  /** Validates and copies. */
  public EmbeddedKafkaConfig {
    Objects.requireNonNull(logDirectory, "logDirectory");
    Objects.requireNonNull(saslPlain, "saslPlain");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException(
          "defaultPartitions must be >= 1, got " + defaultPartitions);
    }
    requireMillis("transactionMaxTimeout", transactionMaxTimeout);
    requireMillis("startTimeout", startTimeout);
    requireMillis("closeTimeout", closeTimeout);
    brokerProperties = Map.copyOf(brokerProperties);
    for (String key : brokerProperties.keySet()) {
      if (RESERVED_PROPERTIES.contains(key) || key.startsWith("listener.name.")) {
        throw new IllegalArgumentException(
            "broker property '" + key + "' is managed by EmbeddedKafka; use the builder instead");
      }
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: temporary log directory, free port, PLAINTEXT. */
  public static EmbeddedKafkaConfig defaults() {
    return builder().build();
  }

  /** Whether {@link EmbeddedKafka#close()} leaves the log directory in place. */
  boolean keepsLogDirectory() {
    return keepLogDirectory || logDirectory.isPresent();
  }

  private static void requireMillis(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be in (0, 2^31) ms, got " + d);
    }
  }

  /**
   * SASL/PLAIN users of the broker's listeners.
   *
   * <p>Names are restricted to {@code [A-Za-z0-9._-]} and passwords may not contain {@code "} or
   * {@code \}, because both end up in a JAAS configuration string.
   *
   * @param users password by user name; at least one
   */
  public record SaslPlain(Map<String, String> users) {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");

    /** Validates and copies. */
    public SaslPlain {
      users = Map.copyOf(users);
      if (users.isEmpty()) {
        throw new IllegalArgumentException("SASL/PLAIN needs at least one user");
      }
      users.forEach(
          (user, password) -> {
            if (!USER.matcher(user).matches()) {
              throw new IllegalArgumentException(
                  "SASL user name must match " + USER + ", got '" + user + "'");
            }
            if (user.equals(BrokerProperties.INTERNAL_USER)) {
              throw new IllegalArgumentException("SASL user name '" + user + "' is reserved");
            }
            if (password.isEmpty() || password.contains("\"") || password.contains("\\")) {
              throw new IllegalArgumentException(
                  "password of SASL user '" + user + "' must be non-empty without \" or \\");
            }
          });
    }
  }

  /** Builds an {@link EmbeddedKafkaConfig}; {@code set*} change a default, {@code opt*} add. */
  public static final class Builder {
    private Path logDirectory;
    private boolean keepLogDirectory;
    private int port;
    private int defaultPartitions = 1;
    private Duration transactionMaxTimeout = Duration.ofMinutes(15);
    private SaslPlain saslPlain;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);
    private Duration closeTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** Uses (and keeps) this log directory instead of a temporary one. */
    public Builder optLogDirectory(Path directory) {
      this.logDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Keeps a temporary log directory after close (default: deleted). */
    public Builder optKeepLogDirectory(boolean keep) {
      this.keepLogDirectory = keep;
      return this;
    }

    /** The client listener's port; 0 (the default) picks a free one. */
    public Builder setPort(int port) {
      this.port = port;
      return this;
    }

    /** Partitions of a topic created without a count (default 1). */
    public Builder setDefaultPartitions(int partitions) {
      this.defaultPartitions = partitions;
      return this;
    }

    /** The broker's {@code transaction.max.timeout.ms} (default 15 minutes). */
    public Builder setTransactionMaxTimeout(Duration timeout) {
      this.transactionMaxTimeout = timeout;
      return this;
    }

    /** Requires SASL/PLAIN authentication with these users (password by name). */
    public Builder optSaslPlain(Map<String, String> users) {
      this.saslPlain = new SaslPlain(users);
      return this;
    }

    /** Sets any other broker property (not one of those EmbeddedKafka manages). */
    public Builder optBrokerProperty(String key, String value) {
      brokerProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** The longest a start or restart may take (default 60 s). */
    public Builder setStartTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** The longest a stop may take (default 30 s). */
    public Builder setCloseTimeout(Duration timeout) {
      this.closeTimeout = timeout;
      return this;
    }

    /** Validates and builds. */
    public EmbeddedKafkaConfig build() {
      return new EmbeddedKafkaConfig(
          Optional.ofNullable(logDirectory),
          keepLogDirectory,
          port,
          defaultPartitions,
          transactionMaxTimeout,
          Optional.ofNullable(saslPlain),
          brokerProperties,
          startTimeout,
          closeTimeout);
    }
  }
}
