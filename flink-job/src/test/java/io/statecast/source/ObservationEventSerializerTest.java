package io.statecast.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The compact serializer of the keyBy edge: exact round trips, deep copies, a stable snapshot. */
class ObservationEventSerializerTest {

  private static final ObservationEventSerializer S = ObservationEventSerializer.INSTANCE;

  private static List<ObservationEvent> events() {
    List<ObservationEvent> out = new ArrayList<>();
    out.add(
        new ObservationEvent(
            new Observation(
                "station-7", 1_704_067_200_000L, List.of(1.5f, -0f, 3e-38f), Map.of(), 9.25f),
            1_704_067_200_123L,
            "observations",
            3,
            42L,
            new byte[] {0x01, 0x02, (byte) 0xff}));
    out.add(
        new ObservationEvent(
            new Observation(
                "ключ-ü", -5L, List.of(), Map.of("temp", 21.5f, "wind", Float.MIN_VALUE), null),
            0L,
            "",
            -1,
            -1L,
            new byte[0]));
    out.add(
        new ObservationEvent(
            new Observation("k", Long.MAX_VALUE, List.of(Float.MAX_VALUE), null, 0f),
            7L,
            null,
            0,
            0L,
            null));
    return out;
  }

  @Test
  void everyFieldSurvivesARoundTripInOneStream() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (ObservationEvent e : events()) {
      S.serialize(e, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (ObservationEvent e : events()) {
      assertThat(S.deserialize(in)).isEqualTo(e);
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void copyingTheBytesGivesTheSameBytes() throws Exception {
    DataOutputSerializer a = new DataOutputSerializer(64);
    for (ObservationEvent e : events()) {
      S.serialize(e, a);
    }
    DataInputDeserializer in = new DataInputDeserializer(a.getCopyOfBuffer());
    DataOutputSerializer b = new DataOutputSerializer(64);
    for (int i = 0; i < events().size(); i++) {
      S.copy(in, b);
    }
    assertThat(b.getCopyOfBuffer()).isEqualTo(a.getCopyOfBuffer());
  }

  @Test
  void aCopyIsEqualButSharesNoMutableCollection() {
    for (ObservationEvent e : events()) {
      ObservationEvent c = S.copy(e);
      assertThat(c).isEqualTo(e).isNotSameAs(e);
      assertThat(c.observation).isNotSameAs(e.observation);
      assertThat(c.observation.getFeatures()).isNotSameAs(e.observation.getFeatures());
    }
  }

  @Test
  void theSnapshotRestoresTheSameSerializerAsCompatible() throws Exception {
    TypeSerializerSnapshot<ObservationEvent> snap = S.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
    TypeSerializerSnapshot<ObservationEvent> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    TypeSerializer<ObservationEvent> restored = read.restoreSerializer();
    assertThat(restored).isSameAs(S);
    TypeSerializerSchemaCompatibility<ObservationEvent> c =
        S.snapshotConfiguration().resolveSchemaCompatibility(read);
    assertThat(c.isCompatibleAsIs()).isTrue();
  }

  @Test
  void theTypeInfoMakesTheCompactSerializerAndTheDefaultStaysAPojo() {
    assertThat(ObservationEventTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()))
        .isSameAs(S);
    assertThat(
            TypeInformation.of(ObservationEvent.class)
                .createSerializer(new SerializerConfigImpl())
                .getClass()
                .getSimpleName())
        .as("the event-time gate's state keeps its POJO serializer (savepoints unchanged)")
        .isEqualTo("PojoSerializer");
  }
}
