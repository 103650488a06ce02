package io.statecast.operator;

import io.statecast.batch.KeyState;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A compact, versioned serializer for {@link KeyState}: a format byte, then {@code steps}, {@code
 * lastEventTime}, {@code modelVersion}, {@code epoch}, the float count and the floats, then the
 * count of recent observations and each one's length and bytes, then the count of the online
 * adaptation's floats ({@link KeyState#adaptation}; -1 for none) and the floats. 37 bytes over the
 * raw floats when no recent observations are kept, which matters on RocksDB, where every access
 * serializes. The format byte lets this version read the earlier one (format 1, before the
 * adaptation; a key restored from it starts its adaptation afresh); the snapshot class lets Flink
 * check compatibility on restore.
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {

  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

  private static final byte FORMAT = 2;

  /** The format before {@link KeyState#adaptation}. */
  private static final byte FORMAT_1 = 1;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public KeyState createInstance() {
    return new KeyState(new float[0], 0, Long.MIN_VALUE, 0, 0);
  }

  @Override
  public KeyState copy(KeyState from) {
    return from.copy();
  }

  @Override
  public KeyState copy(KeyState from, KeyState reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(KeyState s, DataOutputView out) throws IOException {
    out.writeByte(FORMAT);
    out.writeLong(s.steps);
    out.writeLong(s.lastEventTime);
    out.writeInt(s.modelVersion);
    out.writeInt(s.epoch);
    out.writeInt(s.state.length);
    out.write(toBytes(s.state));
    out.writeInt(s.recent.length);
    for (byte[] r : s.recent) {
      out.writeInt(r.length);
      out.write(r);
    }
    if (s.adaptation == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(s.adaptation.length);
      out.write(toBytes(s.adaptation));
    }
  }

  @Override
  public KeyState deserialize(DataInputView in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT && format != FORMAT_1) {
      throw new IOException(
          "unknown KeyState format "
              + format
              + " (this version reads "
              + FORMAT_1
              + " and "
              + FORMAT
              + ")");
    }
    long steps = in.readLong();
    long last = in.readLong();
    int version = in.readInt();
    int epoch = in.readInt();
    float[] state = readFloats(in, in.readInt());
    KeyState s = new KeyState(state, steps, last, version, epoch);
    int recent = in.readInt();
    if (recent > 0) {
      s.recent = new byte[recent][];
      for (int i = 0; i < recent; i++) {
        s.recent[i] = new byte[in.readInt()];
        in.readFully(s.recent[i]);
      }
    }
    if (format != FORMAT_1) {
      int n = in.readInt();
      s.adaptation = n < 0 ? null : readFloats(in, n);
    }
    return s;
  }

  private static float[] readFloats(DataInputView in, int n) throws IOException {
    float[] values = new float[n];
    byte[] bytes = new byte[n * Float.BYTES];
    in.readFully(bytes);
    ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }

  /**
   * The floats as {@link DataOutputView#writeFloat} would write them one by one (big-endian IEEE
   * 754), in one bulk copy: a 2 KiB state was 512 virtual calls per serialization, which showed up
   * in the profiles of checkpoints (heap) and of every state access (RocksDB).
   */
  static byte[] toBytes(float[] values) {
    byte[] bytes = new byte[values.length * Float.BYTES];
    ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
    return bytes;
  }

  @Override
  public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Compatibility snapshot of the serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
