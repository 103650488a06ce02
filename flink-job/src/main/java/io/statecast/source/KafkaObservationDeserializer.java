package io.statecast.source;

import io.statecast.avro.Observation;
import io.statecast.features.ValidationRules;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.format.RegistryWait;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Kafka source's deserializer: every record becomes exactly one {@link DecodedRecord}, a valid
 * event or a dead letter, in the topic's value format. Bad input never throws, so a bad record can
 * neither fail nor restart the job. A schema registry that does not answer is waited out ({@link
 * RegistryWait}: the source stops on that record, which is neither lost nor a dead letter, and
 * counts its tries in the metric {@code schemaRegistryRetries}).
 */
public final class KafkaObservationDeserializer
    implements KafkaRecordDeserializationSchema<DecodedRecord> {

  private static final long serialVersionUID = 1L;

  private final FormatSettings format;
  private final String topic;
  private final ValidationRules rules;
  private final int requiredFeatures;
  private final int maxRecordBytes;
  private transient ObservationDecoder decoder;
  private transient RegistryWait registryWait;

  /**
   * @param format the topic's value format
   * @param topic the topic (a registry subject is named after it)
   * @param rules validation limits
   * @param requiredFeatures positional features the model reads
   * @param maxRecordBytes larger record values are refused before decoding
   */
  public KafkaObservationDeserializer(
      FormatSettings format,
      String topic,
      ValidationRules rules,
      int requiredFeatures,
      int maxRecordBytes) {
    this.format = format;
    this.topic = topic;
    this.rules = rules;
    this.requiredFeatures = requiredFeatures;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    Counter retries = context.getMetricGroup().counter("schemaRegistryRetries");
    start(retries::inc);
  }

  private void start(RegistryWait.Listener retries) throws IOException {
    decoder =
        new ObservationDecoder(
            format.codec(Observation.class, topic), rules, requiredFeatures, maxRecordBytes);
    registryWait = new RegistryWait("the observations source (" + topic + ")", retries);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DecodedRecord> out)
      throws IOException {
    if (decoder == null) {
      start(() -> {}); // not opened: a caller outside a Flink source
    }
    SourcePosition at =
        new SourcePosition(record.topic(), record.partition(), record.offset(), record.timestamp());
    try {
      out.collect(decoder.decode(record.key(), record.value(), at, System.currentTimeMillis()));
    } catch (RegistryUnavailableException unavailable) {
      try {
        out.collect(
            registryWait.after(
                unavailable,
                () ->
                    decoder.decode(record.key(), record.value(), at, System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("cancelled while waiting for the schema registry");
      }
    }
  }

  @Override
  public TypeInformation<DecodedRecord> getProducedType() {
    return TypeInformation.of(DecodedRecord.class);
  }
}
