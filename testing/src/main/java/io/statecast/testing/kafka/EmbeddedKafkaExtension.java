package io.statecast.testing.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link EmbeddedKafka} broker for a test class, with its topics created: registered on a static
 * field it runs for the whole class, on an instance field for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension kafka =
 *     EmbeddedKafkaExtension.create().withTopic("observations", 4).withTopic("forecasts", 2);
 * ... kafka.broker().bootstrapServers() ...
 * }</pre>
 */
public final class EmbeddedKafkaExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private final EmbeddedKafkaConfig config;
  private final Map<String, Integer> topics;
  private EmbeddedKafka broker;
  private boolean perClass;

  private EmbeddedKafkaExtension(EmbeddedKafkaConfig config, Map<String, Integer> topics) {
    this.config = config;
    this.topics = topics;
  }

  /** A broker with the default configuration and no topics yet. */
  public static EmbeddedKafkaExtension create() {
    return create(EmbeddedKafkaConfig.defaults());
  }

  /** A broker with {@code config} and no topics yet. */
  public static EmbeddedKafkaExtension create(EmbeddedKafkaConfig config) {
    return new EmbeddedKafkaExtension(config, new LinkedHashMap<>());
  }

  /** The same, also creating {@code name} with {@code partitions} before the tests run. */
  public EmbeddedKafkaExtension withTopic(String name, int partitions) {
    Map<String, Integer> more = new LinkedHashMap<>(topics);
    more.put(name, partitions);
    return new EmbeddedKafkaExtension(config, more);
  }

  /**
   * The same, also creating the job's topics: observations (4 partitions), forecasts (2), dead
   * letters, late events, anomalies and model updates (1 each).
   */
  public EmbeddedKafkaExtension withJobTopics() {
    return withTopic("observations", 4)
        .withTopic("forecasts", 2)
        .withTopic("dead-letters", 1)
        .withTopic("late-events", 1)
        .withTopic("anomalies", 1)
        .withTopic("model-updates", 1);
  }

  /** The running broker. */
  public EmbeddedKafka broker() {
    if (broker == null) {
      throw new IllegalStateException("the broker runs only while the tests run");
    }
    return broker;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  private void start() {
    broker = EmbeddedKafka.start(config);
    if (!topics.isEmpty()) {
      broker.createTopics(topics);
    }
  }

  private void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
