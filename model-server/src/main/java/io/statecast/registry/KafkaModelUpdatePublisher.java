package io.statecast.registry;

import io.statecast.avro.ModelUpdate;
import io.statecast.wire.WireCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes model updates on Kafka: topic {@value #DEFAULT_TOPIC} by default, key = model id (so
 * all updates of one model land in one partition, in order), value = the update in Avro
 * single-object encoding ({@link WireCodec#modelUpdates()}), with {@code acks=all} and an
 * idempotent producer so an acknowledged update is on every in-sync replica exactly once.
 *
 * <p>Extra producer properties (SASL, SSL, timeouts) pass through unchanged; they are never logged
 * here, and Kafka masks its password-typed settings ({@code sasl.jaas.config}, {@code
 * ssl.*.password}) in its own logs.
 */
public final class KafkaModelUpdatePublisher implements ModelUpdatePublisher {

  /** The topic the streaming job reads. */
  public static final String DEFAULT_TOPIC = "model-updates";

  private final String topic;
  private final String bootstrap;
  private final Duration timeout;
  private final WireCodec<ModelUpdate> codec = WireCodec.modelUpdates();
  private final Producer<byte[], byte[]> producer;

  /**
   * A publisher on {@code bootstrap}.
   *
   * @param extra more producer properties (security settings); they override the defaults except
   *     the serializers, acks and idempotence, which this class needs
   * @param timeout how long {@link #publish} waits for the acknowledgement
   */
  public KafkaModelUpdatePublisher(
      String bootstrap, String topic, Map<String, String> extra, Duration timeout) {
    this(bootstrap, topic, timeout, new KafkaProducer<>(properties(bootstrap, extra, timeout)));
  }

  /** A publisher on a given producer (tests use Kafka's {@code MockProducer}). */
  KafkaModelUpdatePublisher(
      String bootstrap, String topic, Duration timeout, Producer<byte[], byte[]> producer) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be empty");
    }
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.timeout = timeout;
    this.producer = producer;
  }

  private static Properties properties(
      String bootstrap, Map<String, String> extra, Duration timeout) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers must not be empty");
    }
    Properties p = new Properties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "statecast-model-registry");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.putAll(extra);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A publisher on {@code bootstrap}, topic {@value #DEFAULT_TOPIC}, 30 s timeout. */
  public KafkaModelUpdatePublisher(String bootstrap, Map<String, String> extra) {
    this(bootstrap, DEFAULT_TOPIC, extra, Duration.ofSeconds(30));
  }

  @Override
  public void publish(ModelUpdate update) throws PublishException {
    byte[] key = update.getModelId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, codec.encode(update));
    try {
      producer.send(record).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while publishing to Kafka topic " + topic, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new PublishException(
          "could not publish the model update to Kafka topic '"
              + topic
              + "' at "
              + bootstrap
              + ": "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
          cause);
    }
  }

  @Override
  public String describe() {
    return "Kafka topic '" + topic + "' at " + bootstrap;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
