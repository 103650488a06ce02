package io.statecast.sink;

import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to a Kafka topic as Avro single-object messages, keyed by the entity key (UTF-8)
 * so that a key's records share a partition and keep their order.
 *
 * @param <T> the record type
 */
public final class AvroRecordSerializer<T>
    implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final SerializableSupplier<WireCodec<T>> codecFactory;
  private final SerializableFunction<T, String> key;
  private transient WireCodec<T> codec;

  /**
   * @param topic target topic
   * @param codecFactory makes the codec on the task manager (codecs are not serializable)
   * @param key the record's key, or null for none
   */
  public AvroRecordSerializer(
      String topic,
      SerializableSupplier<WireCodec<T>> codecFactory,
      SerializableFunction<T, String> key) {
    this.topic = topic;
    this.codecFactory = codecFactory;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = codecFactory.get();
    }
    String k = key.apply(element);
    // No record timestamp: Kafka stamps the send time. The element's timestamp is its event time,
    // which may be decades old and would make time-based retention delete the topic's segments.
    return new ProducerRecord<>(
        topic,
        null,
        null,
        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
        codec.encode(element));
  }

  /** The target topic, which the pooling transaction-naming strategy needs to know. */
  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(
        new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
  }
}
