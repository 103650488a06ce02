package io.statecast.registry;

import io.statecast.avro.ModelUpdate;

/**
 * Where promotions go: the port through which the registry tells running jobs that a model version
 * was promoted. {@link KafkaModelUpdatePublisher} writes to the {@code model-updates} topic; {@link
 * LoggingModelUpdatePublisher} only logs, for a registry used without a streaming job.
 *
 * <p>Implementations must be thread-safe; {@link #publish} returns only once the update is durably
 * accepted (or throws), because the registry records a promotion only after it was published.
 */
public interface ModelUpdatePublisher extends AutoCloseable {

  /**
   * Publishes one update and waits until it is acknowledged.
   *
   * @throws PublishException when it could not be published; the message says why
   */
  void publish(ModelUpdate update) throws PublishException;

  /** Where updates go, for logs and the server's metadata (never containing secrets). */
  String describe();

  @Override
  default void close() {}

  /** An update that could not be published. */
  final class PublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
