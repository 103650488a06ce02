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
 * Where promotions are published: {@code --kafka} servers (with producer settings such as SASL or
 * SSL from {@code --kafka-config}), or only the log when no Kafka is given.
 */
final class KafkaOptions {

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description = "Kafka bootstrap servers to publish model updates to (default: log only).")
  String bootstrap;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "A properties file of Kafka producer settings (security.protocol, sasl.*, ssl.*);"
              + " its values are never printed.")
  Path config;

  @Option(
      names = "--topic",
      defaultValue = KafkaModelUpdatePublisher.DEFAULT_TOPIC,
      description = "The model updates topic (default: ${DEFAULT-VALUE}).")
  String topic;

  /** The publisher these options describe. */
  ModelUpdatePublisher publisher() throws IOException {
    if (bootstrap == null) {
      if (config != null) {
        throw new IllegalArgumentException("--kafka-config needs --kafka");
      }
      return new LoggingModelUpdatePublisher();
    }
    return new KafkaModelUpdatePublisher(bootstrap, topic, settings(), Duration.ofSeconds(30));
  }

  /** The {@code --kafka-config} settings (empty without it). */
  Map<String, String> settings() throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (config == null) {
      return m;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(config)) {
      p.load(r);
    }
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }
}
