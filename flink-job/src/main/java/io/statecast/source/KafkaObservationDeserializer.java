package io.statecast.source;

import io.statecast.features.ValidationRules;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka source's deserializer: every record becomes exactly one {@link DecodedRecord}, a valid
 * event or a dead letter. It never throws, so a bad record can neither fail nor restart the job.
 */
public final class KafkaObservationDeserializer
    implements KafkaRecordDeserializationSchema<DecodedRecord> {

  private static final long serialVersionUID = 1L;

  private final ValidationRules rules;
  private final int requiredFeatures;
  private final int maxRecordBytes;
  private transient ObservationDecoder decoder;

  public KafkaObservationDeserializer(
      ValidationRules rules, int requiredFeatures, int maxRecordBytes) {
    this.rules = rules;
    this.requiredFeatures = requiredFeatures;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out) {
    if (decoder == null) {
      decoder = new ObservationDecoder(rules, requiredFeatures, maxRecordBytes);
    }
    SourcePosition at =
        new SourcePosition(record.topic(), record.partition(), record.offset(), record.timestamp());
    out.collect(decoder.decode(record.key(), record.value(), at, System.currentTimeMillis()));
  }

  @Override
  public TypeInformation<DecodedRecord> getProducedType() {
    return TypeInformation.of(DecodedRecord.class);
  }
}
