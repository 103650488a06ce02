package io.statecast.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The header of an Avro single-object message: {@code 0xC3 0x01}, then the writer schema's
 * CRC-64-AVRO fingerprint, 8 bytes little-endian. {@link MessageWriter} writes it; the codec reads
 * it before any decoding, to tell "not single-object encoding" and "which writer" apart.
 */
final class SingleObject {

  /** {@code 0xC3 0x01} and the 8-byte fingerprint. */
  static final int HEADER_LENGTH = 10;

  /** The two bytes every message starts with, {@code 0xC3 0x01}. */
  private static final byte MAGIC_0 = (byte) 0xC3;

  private static final byte MAGIC_1 = 0x01;

  private SingleObject() {}

  /** Why {@code bytes} cannot be a single-object message, or null if its header is whole. */
  static String headerProblem(byte[] bytes) {
    if (bytes == null) {
      return "null instead of bytes";
    }
    if (bytes.length == 0) {
      return "empty message";
    }
    if (bytes[0] != MAGIC_0 || (bytes.length > 1 && bytes[1] != MAGIC_1)) {
      return String.format(
          "starts with 0x%02X%s, not with the magic 0xC3 0x01",
          bytes[0], bytes.length > 1 ? String.format(" 0x%02X", bytes[1]) : "");
    }
    if (bytes.length < HEADER_LENGTH) {
      return bytes.length
          + " bytes, shorter than the 10-byte header (magic and 8-byte schema fingerprint)";
    }
    return null;
  }

  /** The writer fingerprint in a message whose {@link #headerProblem} is null. */
  static long fingerprintIn(byte[] message) {
    return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The header of messages written with the schema of {@code fingerprint}. */
  static byte[] header(long fingerprint) {
    return ByteBuffer.allocate(HEADER_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put(MAGIC_0)
        .put(MAGIC_1)
        .putLong(fingerprint)
        .array();
  }

  /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as headers carry it. */
  static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * A fingerprint as reasons show it: the 64-bit number in hex (headers store it little-endian).
   */
  static String hex(long fingerprint) {
    return String.format("0x%016x", fingerprint);
  }
}
