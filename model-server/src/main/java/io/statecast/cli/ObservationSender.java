package io.statecast.cli;

import io.statecast.avro.Observation;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends observations to a topic: the value in the codec's format, the key's UTF-8 bytes as the
 * record key, the record timestamp now or the event time. Every record is counted in the {@link
 * ProduceSummary} as sent, then acknowledged or failed (an encoding failure, a send the producer
 * refuses, or a broker's error in the callback): none is dropped silently.
 */
final class ObservationSender implements AutoCloseable {

  /** The Kafka record timestamp of each observation. */
  enum Timestamp {
    /** The time of sending (the producer's clock), as the demo does. */
    NOW,
    /** The observation's event time. */
    EVENT
  }

  private final Producer<byte[], byte[]> producer;
  private final ValueCodec<Observation> codec;
  private final String topic;
  private final Timestamp timestamp;
  private final ProduceSummary summary;

  ObservationSender(
      Producer<byte[], byte[]> producer,
      ValueCodec<Observation> codec,
      String topic,
      Timestamp timestamp,
      ProduceSummary summary) {
    this.producer = producer;
    this.codec = codec;
    this.topic = topic;
    this.timestamp = timestamp;
    this.summary = summary;
  }

  /**
   * The producer's settings: {@code linger.ms=5} and lz4 compression unless {@code settings} (the
   * user's client settings, e.g. security) say otherwise, then always {@code acks=all},
   * idempotence, the servers and byte array serializers.
   */
  static Properties producerProperties(String bootstrapServers, Map<String, String> settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "statecast-produce");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putAll(settings);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** Encodes and sends {@code o}; the outcome arrives in the summary. */
  void send(Observation o) {
    byte[] value;
    try {
      value = codec.encode(o);
    } catch (RegistryUnavailableException | RuntimeException e) {
      summary.failed("encoding " + o.getKey() + "@" + o.getEventTime() + ": " + e.getMessage());
      return;
    }
    Long ts = timestamp == Timestamp.EVENT ? o.getEventTime() : null;
    byte[] key = o.getKey().getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, ts, key, value);
    try {
      producer.send(
          r,
          (meta, e) -> {
            if (e == null) {
              summary.acknowledged();
            } else {
              summary.failed(describe(e));
            }
          });
      summary.sent();
    } catch (KafkaException | IllegalStateException e) {
      summary.failed(describe(e));
    }
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
