package io.statecast.cli;

import io.statecast.registry.KafkaModelUpdatePublisher;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelUpdatePublisher;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where Kafka is and how to talk to it, for every command that does ({@code job}, {@code serve},
 * {@code registry}): a picocli mixin, so that each option has one name, one default and one
 * description everywhere. The client settings (security: {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}) apply to every client the command makes; their values are never printed.
 */
public final class KafkaOptions {

  @Option(
      names = {"--bootstrap-servers", "--kafka"},
      paramLabel = "BOOTSTRAP",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client property for every client (repeatable), e.g."
              + " security.protocol=SASL_SSL.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = {"--kafka-properties-file", "--kafka-config"},
      paramLabel = "FILE",
      description =
          "A properties file of Kafka client settings (keeps secrets off the command line).")
  Path propertiesFile;

  /** The bootstrap servers, or null when none were given. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The bootstrap servers; refuses to go on without them, naming the option. */
  public String requiredBootstrapServers() {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka's bootstrap servers are needed: --bootstrap-servers");
    }
    return bootstrapServers;
  }

  /**
   * The client settings: the properties file's, then {@code --kafka-property}'s over them.
   *
   * @throws IllegalArgumentException when client settings are given without servers
   */
  public Map<String, String> clientSettings() throws IOException {
    if (bootstrapServers == null && (propertiesFile != null || !properties.isEmpty())) {
      throw new IllegalArgumentException(
          "Kafka client settings (--kafka-properties-file, --kafka-property) need"
              + " --bootstrap-servers");
    }
    Map<String, String> m = new LinkedHashMap<>();
    if (propertiesFile != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(propertiesFile)) {
        p.load(r);
      }
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    }
    m.putAll(properties);
    return m;
  }

  /** {@link #clientSettings()} as {@link Properties}. */
  public Properties clientProperties() throws IOException {
    Properties p = new Properties();
    p.putAll(clientSettings());
    return p;
  }

  /**
   * Where promotions go: the {@code topic} on these servers, or only the log when no servers were
   * given.
   */
  ModelUpdatePublisher publisher(String topic) throws IOException {
    Map<String, String> settings = clientSettings();
    if (bootstrapServers == null) {
      return new LoggingModelUpdatePublisher();
    }
    return new KafkaModelUpdatePublisher(bootstrapServers, topic, settings, Duration.ofSeconds(30));
  }
}
