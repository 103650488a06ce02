package io.statecast.cli;

import io.statecast.registry.KafkaModelUpdatePublisher;
import picocli.CommandLine.Option;

/**
 * The topic of model updates: where promotions are published ({@code serve}, {@code registry
 * promote}) and where the job reads them ({@code job}). A picocli mixin.
 */
public final class UpdatesTopicOption {

  @Option(
      names = {"--model-updates-topic", "--topic"},
      defaultValue = KafkaModelUpdatePublisher.DEFAULT_TOPIC,
      description = "The topic of model updates (promotions) (default: ${DEFAULT-VALUE}).")
  String topic = KafkaModelUpdatePublisher.DEFAULT_TOPIC;

  public String topic() {
    return topic;
  }
}
