package io.statecast.job;

import io.statecast.wire.format.FormatSettings;
import java.io.Serializable;
import java.util.Properties;

/**
 * Where the job reads and writes.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param observationsTopic input topic of observations
 * @param forecastsTopic output topic of forecasts
 * @param deadLettersTopic output topic of dead letters
 * @param lateEventsTopic output topic of late events
 * @param anomaliesTopic output topic of anomalies (actuals outside their forecast interval)
 * @param modelUpdatesTopic input topic of model updates (promotions from the registry)
 * @param groupId consumer group of the source
 * @param fromEarliest start from the earliest offsets when the group has none committed
 * @param bounded stop at the offsets that are the latest when the job starts (replays, tests)
 * @param clientProperties passed to every Kafka client (security settings, e.g. SASL/SSL)
 * @param valueFormat the value format of the observations, forecasts, dead-letter, late-event and
 *     anomaly topics (model updates are always Avro single-object messages, as the registry writes
 *     them)
 */
public record KafkaSettings(
    String bootstrapServers,
    String observationsTopic,
    String forecastsTopic,
    String deadLettersTopic,
    String lateEventsTopic,
    String anomaliesTopic,
    String modelUpdatesTopic,
    String groupId,
    boolean fromEarliest,
    boolean bounded,
    Properties clientProperties,
    FormatSettings valueFormat)
    implements Serializable {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    for (String t :
        new String[] {
          observationsTopic, forecastsTopic, deadLettersTopic, lateEventsTopic, anomaliesTopic
        }) {
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
    if (valueFormat == null) {
      valueFormat = FormatSettings.AVRO;
    }
  }

  /**
   * A builder for the given servers with the defaults: topics {@code observations}, {@code
   * forecasts}, {@code dead-letters}, {@code late-events}, {@code anomalies}, {@code
   * model-updates}; group {@code statecast}; from the earliest offsets; unbounded; no client
   * properties; Avro values.
   */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(bootstrapServers);
    b.observationsTopic = observationsTopic;
    b.forecastsTopic = forecastsTopic;
    b.deadLettersTopic = deadLettersTopic;
    b.lateEventsTopic = lateEventsTopic;
    b.anomaliesTopic = anomaliesTopic;
    b.modelUpdatesTopic = modelUpdatesTopic;
    b.groupId = groupId;
    b.fromEarliest = fromEarliest;
    b.bounded = bounded;
    b.clientProperties.putAll(clientProperties);
    b.valueFormat = valueFormat;
    return b;
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private final String bootstrapServers;
    private String observationsTopic = "observations";
    private String forecastsTopic = "forecasts";
    private String deadLettersTopic = "dead-letters";
    private String lateEventsTopic = "late-events";
    private String anomaliesTopic = "anomalies";
    private String modelUpdatesTopic = "model-updates";
    private String groupId = "statecast";
    private boolean fromEarliest = true;
    private boolean bounded;
    private final Properties clientProperties = new Properties();
    private FormatSettings valueFormat = FormatSettings.AVRO;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    /** The input, forecast, dead-letter and late-event topics. */
    public Builder setTopics(String observations, String forecasts, String dead, String late) {
      this.observationsTopic = observations;
      this.forecastsTopic = forecasts;
      this.deadLettersTopic = dead;
      this.lateEventsTopic = late;
      return this;
    }

    /** The topic of anomalies (default: {@code anomalies}). */
    public Builder setAnomaliesTopic(String topic) {
      this.anomaliesTopic = topic;
      return this;
    }

    public Builder setModelUpdatesTopic(String topic) {
      this.modelUpdatesTopic = topic;
      return this;
    }

    public Builder setGroupId(String group) {
      this.groupId = group;
      return this;
    }

    public Builder setFromEarliest(boolean earliest) {
      this.fromEarliest = earliest;
      return this;
    }

    /** Stop at the input offsets that are the latest when the job starts (replays, tests). */
    public Builder setBounded(boolean stop) {
      this.bounded = stop;
      return this;
    }

    /** Adds client properties (security settings, e.g. SASL/SSL) for every Kafka client. */
    public Builder optClientProperties(Properties more) {
      this.clientProperties.putAll(more);
      return this;
    }

    /** The value format of the topics (default: Avro single-object encoding). */
    public Builder setValueFormat(FormatSettings format) {
      this.valueFormat = format;
      return this;
    }

    public KafkaSettings build() {
      return new KafkaSettings(
          bootstrapServers,
          observationsTopic,
          forecastsTopic,
          deadLettersTopic,
          lateEventsTopic,
          anomaliesTopic,
          modelUpdatesTopic,
          groupId,
          fromEarliest,
          bounded,
          clientProperties,
          valueFormat);
    }
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
