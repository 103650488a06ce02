package io.statecast.sink;

import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.format.RegistryWait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to a Kafka topic in its value format ({@link FormatSettings}), keyed by the entity
 * key (UTF-8) so that a key's records share a partition and keep their order. With a schema
 * registry, the record's schema is registered under the topic's subject on first use; a registry
 * that does not answer is waited out ({@link RegistryWait}: the sink holds the record, counted in
 * {@code schemaRegistryRetries}).
 *
 * @param <T> the record type
 */
public final class RecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final FormatSettings format;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private transient ValueCodec<T> codec;
  private transient RegistryWait registryWait;

  /**
   * @param topic target topic
   * @param format its value format
   * @param type the record class
   * @param key the record's key, or null for none
   */
  public RecordSerializer(
      String topic, FormatSettings format, Class<T> type, SerializableFunction<T, String> key) {
    this.topic = topic;
    this.format = format;
    this.type = type;
    this.key = key;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
      throws Exception {
    start(context.getMetricGroup().counter("schemaRegistryRetries")::inc);
  }

  private void start(RegistryWait.Listener retries) {
    try {
      codec = format.codec(type, topic);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the " + format.format() + " codec", e);
    }
    registryWait = new RegistryWait("the sink of " + topic, retries);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      start(() -> {}); // not opened: a caller outside a Flink sink
    }
    String k = key.apply(element);
    byte[] value;
    try {
      value = codec.encode(element);
    } catch (RegistryUnavailableException unavailable) {
      try {
        value = registryWait.after(unavailable, () -> codec.encode(element));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("cancelled while waiting for the schema registry", e);
      }
    }
    // No record timestamp: Kafka stamps the send time. The element's timestamp is its event time,
    // which may be decades old and would make time-based retention delete the topic's segments.
    return new ProducerRecord<>(
        topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8), value);
  }

  /** The target topic, which the pooling transaction-naming strategy needs to know. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }
}
