package io.statecast.source;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ModelUpdate;
import io.statecast.wire.Decoded;
import io.statecast.wire.WireCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the {@code model-updates} topic; an undecodable record becomes a dead letter, never an
 * error.
 */
public final class KafkaModelUpdateDeserializer
    implements KafkaRecordDeserializationSchema<ModelUpdateEvent> {

  private static final long serialVersionUID = 1L;

  private transient WireCodec<ModelUpdate> codec;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ModelUpdateEvent> out) {
    if (codec == null) {
      codec = WireCodec.modelUpdates();
    }
    SourcePosition at = new SourcePosition(r.topic(), r.partition(), r.offset(), r.timestamp());
    Decoded<ModelUpdate> d = r.value() == null ? null : codec.decode(r.value());
    if (d != null && d.isOk()) {
      out.collect(new ModelUpdateEvent(d.value(), null, at));
      return;
    }
    String reason =
        d == null ? "the record has no value" : ((Decoded.Failed<ModelUpdate>) d).reason();
    io.statecast.avro.ErrorKind kind =
        d == null
            ? io.statecast.avro.ErrorKind.UNDECODABLE
            : ((Decoded.Failed<ModelUpdate>) d).kind();
    DeadLetter dead =
        ObservationDecoder.letter(r.key(), r.value(), at, System.currentTimeMillis(), kind, reason);
    out.collect(new ModelUpdateEvent(null, dead, at));
  }

  @Override
  public TypeInformation<ModelUpdateEvent> getProducedType() {
    return TypeInformation.of(ModelUpdateEvent.class);
  }
}
