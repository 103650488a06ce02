package io.statecast.dashboard;

import io.statecast.wire.format.FormatSettings;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard is configured with, validated once here; build it with {@link #builder}.
 *
 * @param bootstrapServers Kafka's bootstrap servers
 * @param kafkaProperties extra consumer settings (security.protocol, sasl.*, ssl.*); never printed
 * @param topics the topics to read
 * @param startFrom where to start reading them
 * @param models which model the gate histograms step through
 * @param limits memory and work bounds
 * @param watchedByDefault keys the page watches when its address names none (at most {@link
 *     DashboardLimits#maxWatchedKeys()}, each at most 256 characters)
 * @param format the value format of the four topics (the job's {@code --value-format}); null is
 *     {@link FormatSettings#AVRO}
 */
public record DashboardConfig(
    String bootstrapServers,
    Map<String, String> kafkaProperties,
    DashboardTopics topics,
    StartFrom startFrom,
    GateModelSource models,
    DashboardLimits limits,
    List<String> watchedByDefault,
    FormatSettings format) {

  public DashboardConfig {
    format = format == null ? FormatSettings.AVRO : format;
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("the dashboard needs Kafka's bootstrap servers (--kafka)");
    }
    kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
    if (topics == null || startFrom == null || models == null || limits == null) {
      throw new IllegalArgumentException("topics, start, model source and limits must be given");
    }
    watchedByDefault = List.copyOf(watchedByDefault == null ? List.of() : watchedByDefault);
    if (watchedByDefault.size() > limits.maxWatchedKeys()) {
      throw new IllegalArgumentException(
          "a page watches at most "
              + limits.maxWatchedKeys()
              + " keys, but "
              + watchedByDefault.size()
              + " are to be watched by default");
    }
    for (String key : watchedByDefault) {
      if (key.isEmpty() || key.length() > DashboardState.MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "a key to watch by default has 1 to "
                + DashboardState.MAX_KEY_LENGTH
                + " characters, got "
                + key.length());
      }
    }
  }

  /** A builder with the defaults: the job's topic names, from the end, no gates, default limits. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Builds a {@link DashboardConfig}: {@code opt*} for the optional values. */
  public static final class Builder {
    private final String bootstrapServers;
    private Map<String, String> kafkaProperties = Map.of();
    private DashboardTopics topics = DashboardTopics.DEFAULT;
    private StartFrom startFrom = StartFrom.LATEST;
    private GateModelSource models = GateModelSource.none();
    private DashboardLimits limits = DashboardLimits.DEFAULT;
    private List<String> watchedByDefault = List.of();
    private FormatSettings format = FormatSettings.AVRO;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public Builder optKafkaProperties(Map<String, String> value) {
      this.kafkaProperties = value;
      return this;
    }

    public Builder optTopics(DashboardTopics value) {
      this.topics = value;
      return this;
    }

    public Builder optStartFrom(StartFrom value) {
      this.startFrom = value;
      return this;
    }

    public Builder optModels(GateModelSource value) {
      this.models = value;
      return this;
    }

    public Builder optLimits(DashboardLimits value) {
      this.limits = value;
      return this;
    }

    /** Keys the page watches when its address names none (default: none). */
    public Builder optWatchedByDefault(List<String> value) {
      this.watchedByDefault = value;
      return this;
    }

    /** The value format of the topics, as the job writes them (default: Avro single-object). */
    public Builder optFormat(FormatSettings value) {
      this.format = value;
      return this;
    }

    public DashboardConfig build() {
      return new DashboardConfig(
          bootstrapServers,
          kafkaProperties,
          topics,
          startFrom,
          models,
          limits,
          watchedByDefault,
          format);
    }
  }

  @Override
  public String toString() {
    return "DashboardConfig[bootstrapServers="
        + bootstrapServers
        + ", kafkaProperties="
        + kafkaProperties.keySet()
        + " (values hidden), topics="
        + topics
        + ", startFrom="
        + startFrom
        + ", models="
        + models
        + ", limits="
        + limits
        + ", watchedByDefault="
        + watchedByDefault
        + ", format="
        + format
        + "]";
  }
}
