package io.statecast.cli;

import picocli.CommandLine.Option;

/**
 * The names of the job's input and output topics, the same for the job that reads and writes them
 * and the dashboard that reads them: a picocli mixin. The model updates topic is {@link
 * UpdatesTopicOption}.
 */
public final class TopicOptions {

  @Option(
      names = "--observations-topic",
      defaultValue = "observations",
      description = "The topic of observations (default: ${DEFAULT-VALUE}).")
  String observations = "observations";

  @Option(
      names = "--forecasts-topic",
      defaultValue = "forecasts",
      description = "The topic of forecasts (default: ${DEFAULT-VALUE}).")
  String forecasts = "forecasts";

  @Option(
      names = "--dead-letters-topic",
      defaultValue = "dead-letters",
      description = "The topic of dead letters (default: ${DEFAULT-VALUE}).")
  String deadLetters = "dead-letters";

  @Option(
      names = "--late-events-topic",
      defaultValue = "late-events",
      description = "The topic of late events (default: ${DEFAULT-VALUE}).")
  String lateEvents = "late-events";

  @Option(
      names = "--anomalies-topic",
      defaultValue = "anomalies",
      description =
          "The topic of anomalies: actuals outside their forecast interval (default:"
              + " ${DEFAULT-VALUE}).")
  String anomalies = "anomalies";

  public String observations() {
    return observations;
  }

  public String forecasts() {
    return forecasts;
  }

  public String deadLetters() {
    return deadLetters;
  }

  public String lateEvents() {
    return lateEvents;
  }

  public String anomalies() {
    return anomalies;
  }
}
