package io.statecast.source;

import io.statecast.avro.Observation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes {@link ObservationEvent}s field by field on the {@code keyBy} edge, where Flink's
 * default would be its {@code PojoSerializer} around its Avro serializer (a generic Avro datum
 * writer and reader per record, boxing each feature twice).
 *
 * <pre>
 * key (Flink string, null allowed) · eventTime long · features int n, n × float
 * · named int n (−1: null), n × (string, float) · target boolean present [, float]
 * · ingestTime long · topic string · partition int · offset long
 * · payload int n (−1: null), n bytes
 * </pre>
 *
 * Used for the network edge only ({@link ObservationEventTypeInfo}); the event-time gate's state
 * keeps its own (POJO) serializer, so checkpoints and savepoints are unchanged. Snapshot version 1.
 */
public final class ObservationEventSerializer extends TypeSerializerSingleton<ObservationEvent> {

  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final ObservationEventSerializer INSTANCE = new ObservationEventSerializer();

  private ObservationEventSerializer() {}

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public ObservationEvent createInstance() {
    return new ObservationEvent();
  }

  @Override
  public ObservationEvent copy(ObservationEvent from) {
    Observation o = from.observation;
    Observation copy =
        o == null
            ? null
            : new Observation(
                o.getKey(),
                o.getEventTime(),
                o.getFeatures() == null ? null : new ArrayList<>(o.getFeatures()),
                o.getNamed() == null ? null : new HashMap<>(o.getNamed()),
                o.getTarget());
    return new ObservationEvent(
        copy,
        from.ingestTime,
        from.topic,
        from.partition,
        from.offset,
        from.payload == null ? null : from.payload.clone());
  }

  @Override
  public ObservationEvent copy(ObservationEvent from, ObservationEvent reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ObservationEvent e, DataOutputView out) throws IOException {
    Observation o = e.observation;
    StringValue.writeString(o.getKey(), out);
    out.writeLong(o.getEventTime());
    List<Float> features = o.getFeatures();
    out.writeInt(features.size());
    for (int i = 0; i < features.size(); i++) {
      out.writeFloat(features.get(i));
    }
    Map<String, Float> named = o.getNamed();
    out.writeInt(named == null ? -1 : named.size());
    if (named != null) {
      for (Map.Entry<String, Float> n : named.entrySet()) {
        StringValue.writeString(n.getKey(), out);
        out.writeFloat(n.getValue());
      }
    }
    Float target = o.getTarget();
    out.writeBoolean(target != null);
    if (target != null) {
      out.writeFloat(target);
    }
    out.writeLong(e.ingestTime);
    StringValue.writeString(e.topic, out);
    out.writeInt(e.partition);
    out.writeLong(e.offset);
    out.writeInt(e.payload == null ? -1 : e.payload.length);
    if (e.payload != null) {
      out.write(e.payload);
    }
  }

  @Override
  public ObservationEvent deserialize(DataInputView in) throws IOException {
    String key = StringValue.readString(in);
    long eventTime = in.readLong();
    int n = in.readInt();
    List<Float> features = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      features.add(in.readFloat());
    }
    int m = in.readInt();
    Map<String, Float> named = m < 0 ? null : new HashMap<>(Math.max(4, 2 * m));
    for (int i = 0; i < m; i++) {
      named.put(StringValue.readString(in), in.readFloat());
    }
    Float target = in.readBoolean() ? in.readFloat() : null;
    Observation o = new Observation(key, eventTime, features, named, target);
    long ingestTime = in.readLong();
    String topic = StringValue.readString(in);
    int partition = in.readInt();
    long offset = in.readLong();
    int length = in.readInt();
    byte[] payload = length < 0 ? null : new byte[length];
    if (payload != null) {
      in.readFully(payload);
    }
    return new ObservationEvent(o, ingestTime, topic, partition, offset, payload);
  }

  @Override
  public ObservationEvent deserialize(ObservationEvent reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  /** Copies one record's bytes field by field, without building the objects. */
  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    StringValue.copyString(in, out);
    out.writeLong(in.readLong());
    int n = in.readInt();
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeFloat(in.readFloat());
    }
    int m = in.readInt();
    out.writeInt(m);
    for (int i = 0; i < m; i++) {
      StringValue.copyString(in, out);
      out.writeFloat(in.readFloat());
    }
    boolean target = in.readBoolean();
    out.writeBoolean(target);
    if (target) {
      out.writeFloat(in.readFloat());
    }
    out.writeLong(in.readLong());
    StringValue.copyString(in, out);
    out.writeInt(in.readInt());
    out.writeLong(in.readLong());
    int length = in.readInt();
    out.writeInt(length);
    if (length > 0) {
      out.write(in, length);
    }
  }

  @Override
  public TypeSerializerSnapshot<ObservationEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot: no configuration, version 1. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ObservationEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
