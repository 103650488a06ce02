package io.statecast.job;

import java.io.Serializable;
import java.util.Properties;

/**
 * Where the job reads and writes.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param observationsTopic input topic of Avro observations
 * @param forecastsTopic output topic of forecasts
 * @param deadLettersTopic output topic of dead letters
 * @param lateEventsTopic output topic of late events
 * @param modelUpdatesTopic input topic of model updates (promotions from the registry)
 * @param groupId consumer group of the source
 * @param fromEarliest start from the earliest offsets when the group has none committed
 * @param bounded stop at the offsets that are the latest when the job starts (replays, tests)
 * @param clientProperties passed to every Kafka client (security settings, e.g. SASL/SSL)
 */
public record KafkaSettings(
    String bootstrapServers,
    String observationsTopic,
    String forecastsTopic,
    String deadLettersTopic,
    String lateEventsTopic,
    String modelUpdatesTopic,
    String groupId,
    boolean fromEarliest,
    boolean bounded,
    Properties clientProperties)
    implements Serializable {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    for (String t :
        new String[] {observationsTopic, forecastsTopic, deadLettersTopic, lateEventsTopic}) {
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("every topic name is required");
      }
    }
    if (groupId == null || groupId.isBlank()) {
      groupId = "statecast";
    }
    Properties copy = new Properties();
    if (clientProperties != null) {
      copy.putAll(clientProperties);
    }
    clientProperties = copy;
  }

  /** The default topic names on the given servers. */
  public static KafkaSettings defaults(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        "observations",
        "forecasts",
        "dead-letters",
        "late-events",
        "model-updates",
        "statecast",
        true,
        false,
        new Properties());
  }

  /** The same settings, stopping at the latest offsets of the start (or not). */
  public KafkaSettings bounded(boolean stop) {
    return new KafkaSettings(
        bootstrapServers,
        observationsTopic,
        forecastsTopic,
        deadLettersTopic,
        lateEventsTopic,
        modelUpdatesTopic,
        groupId,
        fromEarliest,
        stop,
        clientProperties);
  }

  /** The same settings with more client properties. */
  public KafkaSettings withClientProperties(Properties more) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.putAll(more);
    return new KafkaSettings(
        bootstrapServers,
        observationsTopic,
        forecastsTopic,
        deadLettersTopic,
        lateEventsTopic,
        modelUpdatesTopic,
        groupId,
        fromEarliest,
        bounded,
        p);
  }

  /** The client properties with their secrets masked, for logs. */
  public String describeProperties() {
    StringBuilder sb = new StringBuilder("{");
    clientProperties.stringPropertyNames().stream()
        .sorted()
        .forEach(
            k -> {
              boolean secret = k.contains("password") || k.contains("jaas") || k.contains("secret");
              sb.append(sb.length() > 1 ? ", " : "")
                  .append(k)
                  .append('=')
                  .append(secret ? "******" : clientProperties.getProperty(k));
            });
    return sb.append('}').toString();
  }
}
