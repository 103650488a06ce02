package io.statecast.operator;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A compact, versioned serializer for {@link KeyState}: a format byte, then {@code steps}, {@code
 * lastEventTime}, {@code modelVersion}, {@code modelId}, the float count and the floats. About 30
 * bytes over the raw floats, which matters on RocksDB, where every access serializes. The format
 * byte lets a later version read this one; the snapshot class lets Flink check compatibility on
 * restore.
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {

  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

  private static final byte FORMAT = 1;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public KeyState createInstance() {
    return new KeyState(new float[0], 0, Long.MIN_VALUE, "", 0);
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
    out.writeUTF(s.modelId == null ? "" : s.modelId);
    out.writeInt(s.state.length);
    for (float v : s.state) {
      out.writeFloat(v);
    }
  }

  @Override
  public KeyState deserialize(DataInputView in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IOException(
          "unknown KeyState format " + format + " (this version writes " + FORMAT + ")");
    }
    long steps = in.readLong();
    long last = in.readLong();
    int version = in.readInt();
    String id = in.readUTF();
    float[] state = new float[in.readInt()];
    for (int i = 0; i < state.length; i++) {
      state[i] = in.readFloat();
    }
    return new KeyState(state, steps, last, id, version);
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
