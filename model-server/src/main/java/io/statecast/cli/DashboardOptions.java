package io.statecast.cli;

import io.statecast.dashboard.DashboardConfig;
import io.statecast.dashboard.DashboardTopics;
import io.statecast.dashboard.GateModelSource;
import io.statecast.dashboard.StartFrom;
import io.statecast.wire.format.FormatSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code statecast serve --dashboard}: the live dashboard at {@code /dashboard}. The value format
 * options ({@link FormatOptions}: {@code --value-format}, {@code --writer-schemas}, {@code
 * --schema-registry-*}) say how the job writes the topics the dashboard reads; the server's own
 * model-update topic is always Avro, so they are refused without {@code --dashboard}.
 */
final class DashboardOptions {

  @Option(
      names = "--dashboard",
      description =
          "Serve the live dashboard at /dashboard, reading the job's topics from --bootstrap-servers."
              + " See docs/dashboard.md.")
  boolean enabled;

  @Option(
      names = "--dashboard-model",
      paramLabel = "DIR",
      description =
          "Gate histograms from this model artifact (default: the registry version the forecasts"
              + " name).")
  Path model;

  @Option(
      names = "--dashboard-from",
      defaultValue = "LATEST",
      description = "Where to start reading: earliest or latest (default: ${DEFAULT-VALUE}).")
  StartFrom startFrom;

  @Mixin TopicOptions topics = new TopicOptions();

  @Option(
      names = "--dashboard-watch",
      split = ",",
      paramLabel = "KEY",
      description =
          "Keys the page watches when its address names none, comma-separated (at most 8;"
              + " default: none).")
  List<String> watch = List.of();

  @Mixin FormatOptions format = new FormatOptions();

  /**
   * The dashboard's configuration, or null without {@code --dashboard}.
   *
   * @param bootstrap {@code --bootstrap-servers}
   * @param kafkaSettings the Kafka client settings (security)
   * @param registry the server's registry directory (the default source of gate models)
   * @throws IOException if a file the format options name cannot be read
   */
  DashboardConfig config(String bootstrap, Map<String, String> kafkaSettings, Path registry)
      throws IOException {
    FormatSettings values = format.settings();
    if (!enabled) {
      if (!values.equals(FormatSettings.AVRO)) {
        throw new IllegalArgumentException(
            "--value-format, --writer-schemas and --schema-registry-* are the dashboard's: they"
                + " need --dashboard");
      }
      if (model != null) {
        throw new IllegalArgumentException("--dashboard-model needs --dashboard");
      }
      if (!watch.isEmpty()) {
        throw new IllegalArgumentException("--dashboard-watch needs --dashboard");
      }
      return null;
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException(
          "--dashboard needs --bootstrap-servers: the Kafka cluster whose topics it shows");
    }
    return DashboardConfig.builder(bootstrap)
        .optKafkaProperties(kafkaSettings)
        .optTopics(
            new DashboardTopics(
                topics.observations(),
                topics.forecasts(),
                topics.deadLetters(),
                topics.lateEvents(),
                topics.anomalies()))
        .optStartFrom(startFrom)
        .optModels(
            model != null ? GateModelSource.artifact(model) : GateModelSource.registry(registry))
        .optWatchedByDefault(watch)
        .optFormat(values)
        .build();
  }
}
