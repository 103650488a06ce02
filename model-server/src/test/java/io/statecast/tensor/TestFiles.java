package io.statecast.tensor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Helpers shared by the tensor-format tests: test resources and hand-built files. */
final class TestFiles {

  private TestFiles() {}

  /** A file under {@code src/test/resources}, e.g. {@code fixtures/lstm_f64_i4_h8_l2.npz}. */
  static Path resource(String name) {
    URL url = TestFiles.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The bytes of a {@code .npy} file with the given header text and data, as NumPy lays it out
   * (padded to 64 bytes), in format version {@code major}.0.
   */
  static byte[] npy(int major, String header, byte[] data) {
    int prefix = major == 1 ? 10 : 12;
    int length = header.length() + 1;
    int pad = 64 - (prefix + length) % 64;
    ByteBuffer buf = ByteBuffer.allocate(prefix + length + pad + data.length);
    buf.order(ByteOrder.LITTLE_ENDIAN).put(Npy.MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      buf.putShort((short) (length + pad));
    } else {
      buf.putInt(length + pad);
    }
    buf.put(header.getBytes(UTF_8)).put(" ".repeat(pad).getBytes(UTF_8)).put((byte) '\n');
    return buf.put(data).array();
  }

  /** Little-endian bytes of doubles. */
  static byte[] float64s(double... values) {
    ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      buf.putDouble(v);
    }
    return buf.array();
  }

  /** Bytes of ints in the given order. */
  static byte[] int32s(ByteOrder order, int... values) {
    ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(order);
    for (int v : values) {
      buf.putInt(v);
    }
    return buf.array();
  }

  /** A safetensors file: the 8-byte length of {@code json}, {@code json}, then {@code data}. */
  static byte[] safetensors(String json, byte[] data) {
    byte[] header = json.getBytes(UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.writeBytes(header);
    out.writeBytes(data);
    return out.toByteArray();
  }
}
