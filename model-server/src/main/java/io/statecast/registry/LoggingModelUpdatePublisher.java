package io.statecast.registry;

import io.statecast.avro.ModelUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher that only logs each update: for a registry used without a streaming job (tests, a
 * laptop, the {@code registry} command without {@code --kafka}). Nothing downstream switches.
 */
public final class LoggingModelUpdatePublisher implements ModelUpdatePublisher {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingModelUpdatePublisher.class);

  @Override
  public void publish(ModelUpdate update) {
    LOG.info(
        "model update (not sent anywhere: no Kafka configured): {} v{} policy {} from {}",
        update.getModelId(),
        update.getVersion(),
        update.getPolicy(),
        update.getArtifactUri());
  }

  @Override
  public String describe() {
    return "log only (no Kafka)";
  }
}
