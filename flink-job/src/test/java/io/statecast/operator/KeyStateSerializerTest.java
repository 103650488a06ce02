package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.batch.KeyState;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KeyStateSerializerTest {

  private static KeyState sample() {
    SplittableRandom r = new SplittableRandom(5);
    float[] f = new float[512];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    f[0] = Float.NaN;
    f[1] = Float.NEGATIVE_INFINITY;
    f[2] = -0f;
    f[3] = Float.MIN_VALUE;
    KeyState s = new KeyState(f, 1234, 1_700_000_000_000L, 7, 2);
    s.remember(new byte[] {1, 2, 3}, 4);
    s.remember(new byte[] {4}, 4);
    s.adaptation = new float[] {0.25f, -1.5f, Float.NaN};
    return s;
  }

  /** The format written field by field, as documented: the reference the bulk copy must match. */
  private static byte[] fieldByField(KeyState s) throws IOException {
    byte[] v1 = formatOne(s);
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.write(v1);
    out.getSharedBuffer()[0] = 2;
    if (s.adaptation == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(s.adaptation.length);
      for (float v : s.adaptation) {
        out.writeFloat(v);
      }
    }
    return out.getCopyOfBuffer();
  }

  /** Format 1, the one before the online adaptation, as savepoints of earlier builds hold. */
  private static byte[] formatOne(KeyState s) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeByte(1);
    out.writeLong(s.steps);
    out.writeLong(s.lastEventTime);
    out.writeInt(s.modelVersion);
    out.writeInt(s.epoch);
    out.writeInt(s.state.length);
    for (float v : s.state) {
      out.writeFloat(v);
    }
    out.writeInt(s.recent.length);
    for (byte[] r : s.recent) {
      out.writeInt(r.length);
      out.write(r);
    }
    return out.getCopyOfBuffer();
  }

  @Test
  void writesTheDocumentedFormatByteForByte() throws IOException {
    KeyState s = sample();
    DataOutputSerializer out = new DataOutputSerializer(64);
    KeyStateSerializer.INSTANCE.serialize(s, out);
    byte[] written = out.getCopyOfBuffer();
    assertThat(written).containsExactly(fieldByField(s));
    assertThat(written).hasSize(37 + 512 * 4 + 4 + 3 + 4 + 1 + 3 * 4);
  }

  @Test
  void aKeyWithoutAdaptationWritesMinusOne() throws IOException {
    KeyState s = sample();
    s.adaptation = null;
    DataOutputSerializer out = new DataOutputSerializer(64);
    KeyStateSerializer.INSTANCE.serialize(s, out);
    assertThat(out.getCopyOfBuffer()).containsExactly(fieldByField(s));
    KeyState back =
        KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(fieldByField(s)));
    assertThat(back.adaptation).isNull();
  }

  @Test
  void readsFormatOneWithoutAdaptation() throws IOException {
    KeyState s = sample();
    KeyState back =
        KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(formatOne(s)));
    assertThat(back.steps).isEqualTo(s.steps);
    assertThat(back.state).containsExactly(s.state);
    assertThat(back.recent).isDeepEqualTo(s.recent);
    assertThat(back.adaptation).isNull();
  }

  @Test
  void readsBackEveryFieldAndEveryFloatBit() throws IOException {
    KeyState s = sample();
    KeyState back =
        KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(fieldByField(s)));
    assertThat(back.steps).isEqualTo(s.steps);
    assertThat(back.lastEventTime).isEqualTo(s.lastEventTime);
    assertThat(back.modelVersion).isEqualTo(s.modelVersion);
    assertThat(back.epoch).isEqualTo(s.epoch);
    for (int i = 0; i < s.state.length; i++) {
      assertThat(Float.floatToRawIntBits(back.state[i]))
          .as("float %d", i)
          .isEqualTo(Float.floatToRawIntBits(s.state[i]));
    }
    assertThat(back.recent).isDeepEqualTo(s.recent);
    assertThat(back.adaptation).hasSize(3);
    for (int i = 0; i < s.adaptation.length; i++) {
      assertThat(Float.floatToRawIntBits(back.adaptation[i]))
          .isEqualTo(Float.floatToRawIntBits(s.adaptation[i]));
    }
  }

  @Test
  void anUnknownFormatIsAClearError() {
    byte[] bytes = {9, 0, 0};
    assertThatThrownBy(
            () -> KeyStateSerializer.INSTANCE.deserialize(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown KeyState format 9");
  }
}
