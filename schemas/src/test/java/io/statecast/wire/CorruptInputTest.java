package io.statecast.wire;

import static io.statecast.wire.DecodedAssertions.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class CorruptInputTest {

  private final WireCodec<Observation> codec = WireCodec.observations();
  private final byte[] valid = codec.encode(WireCodecRoundTripTest.fullObservation());

  /** A single-object header for {@code schema} followed by a hand-made body. */
  private static byte[] message(Schema schema, int... body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xC3, 0x01});
    out.write(SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema));
    for (int b : body) {
      out.write(b);
    }
    return out.toByteArray();
  }

  /** The Avro zig-zag varint encoding of {@code n}, as ints for {@link #message}. */
  private static int[] varint(long n) {
    long zigzag = (n << 1) ^ (n >> 63);
    int[] bytes = new int[10];
    int i = 0;
    while ((zigzag & ~0x7FL) != 0) {
      bytes[i++] = (int) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    bytes[i++] = (int) zigzag;
    return Arrays.copyOf(bytes, i);
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  @Test
  void nullIsNotSingleObjectEncoding() {
    assertFailed(codec.decode(null), ErrorKind.UNDECODABLE, "not Avro single-object", "null");
  }

  @Test
  void emptyArrayIsNotSingleObjectEncoding() {
    assertFailed(
        codec.decode(new byte[0]), ErrorKind.UNDECODABLE, "not Avro single-object", "empty");
  }

  @Test
  void magicAloneIsTooShortForTheHeader() {
    assertFailed(
        codec.decode(new byte[] {(byte) 0xC3, 0x01}),
        ErrorKind.UNDECODABLE,
        "not Avro single-object",
        "shorter than the 10-byte header");
  }

  @Test
  void wrongMagicIsNotSingleObjectEncoding() {
    byte[] json = "{\"key\": \"station-7\", \"eventTime\": 1}".getBytes();
    assertFailed(
        codec.decode(json), ErrorKind.UNDECODABLE, "not Avro single-object", "0x7B", "0xC3 0x01");
  }

  @Test
  void unknownFingerprintIsUnknownSchemaWithTheFingerprintInHex() {
    byte[] bytes = valid.clone();
    bytes[9] ^= 0x55;
    long fingerprint = SingleObject.fingerprintIn(bytes);
    assertFailed(
        codec.decode(bytes),
        ErrorKind.UNKNOWN_SCHEMA,
        SingleObject.hex(fingerprint),
        "Observation");
  }

  @Test
  void everyProperPrefixOfAValidMessageFailsAsUndecodable() {
    for (int length = 0; length < valid.length; length++) {
      Decoded<Observation> decoded = codec.decode(Arrays.copyOf(valid, length));
      if (length < SingleObject.HEADER_LENGTH) {
        assertFailed(decoded, ErrorKind.UNDECODABLE, "not Avro single-object encoding");
      } else {
        assertFailed(decoded, ErrorKind.UNDECODABLE, "truncated or corrupt Observation body");
      }
    }
  }

  @Test
  void trailingBytesAfterAWholeRecordAreCorrupt() {
    byte[] oneExtra = Arrays.copyOf(valid, valid.length + 1);
    assertFailed(codec.decode(oneExtra), ErrorKind.UNDECODABLE, "corrupt", "1 trailing byte");

    byte[] twoValid = Arrays.copyOf(valid, 2 * valid.length);
    System.arraycopy(valid, 0, twoValid, valid.length, valid.length);
    assertFailed(
        codec.decode(twoValid),
        ErrorKind.UNDECODABLE,
        valid.length + " trailing bytes after a whole record");
  }

  @Test
  void seededRandomBytesNeverThrowAndFailWithAReason() {
    Random random = new Random(20240301L);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      Decoded.Failed<?> failed =
          assertFailed(codec.decode(bytes), ErrorKind.UNDECODABLE, "not Avro single-object");
      assertThat(failed.reason()).isNotBlank();
    }
  }

  @Test
  void seededRandomBodiesBehindAValidHeaderNeverThrow() {
    Random random = new Random(7L);
    int failures = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = Arrays.copyOf(valid, SingleObject.HEADER_LENGTH + random.nextInt(80));
      byte[] body = new byte[bytes.length - SingleObject.HEADER_LENGTH];
      random.nextBytes(body);
      System.arraycopy(body, 0, bytes, SingleObject.HEADER_LENGTH, body.length);
      Decoded<Observation> decoded = codec.decode(bytes);
      if (!decoded.isOk()) {
        assertFailed(decoded, ErrorKind.UNDECODABLE, "corrupt Observation body");
        failures++;
      }
    }
    assertThat(failures).isGreaterThan(10_000);
  }

  @Test
  void everySingleByteMutationOfAValidMessageIsClassifiedWithoutThrowing() {
    int[] replacements = {0x00, 0x01, 0x7F, 0x80, 0xFF};
    for (int position = 0; position < valid.length; position++) {
      for (int replacement : replacements) {
        byte[] bytes = valid.clone();
        bytes[position] = (byte) replacement;
        Decoded<Observation> decoded = codec.decode(bytes);
        if (Arrays.equals(bytes, valid) || decoded.isOk()) {
          continue;
        }
        if (position < 2) {
          assertFailed(decoded, ErrorKind.UNDECODABLE, "not Avro single-object encoding");
        } else if (position < SingleObject.HEADER_LENGTH) {
          assertFailed(decoded, ErrorKind.UNKNOWN_SCHEMA, "fingerprint");
        } else {
          assertFailed(decoded, ErrorKind.UNDECODABLE, "corrupt Observation body");
        }
      }
    }
  }

  @Test
  void hugeDeclaredLengthsFailWithoutBeingAllocated() throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] hugeKey = message(Observation.getClassSchema(), concat(varint(1), varint(0x7FFF_FFF0L)));
    byte[] hugeFeatures =
        message(
            Observation.getClassSchema(),
            concat(varint(0), varint(1), varint(1L << 28), varint(0)));

    for (byte[] bytes : new byte[][] {hugeKey, hugeFeatures}) {
      long before = threads.getCurrentThreadAllocatedBytes();
      Decoded<Observation> decoded = codec.decode(bytes);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;

      assertFailed(decoded, ErrorKind.UNDECODABLE, "truncated or corrupt", "EOFException");
      assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
    }
  }

  @Test
  void negativeStringLengthIsCorrupt() throws Exception {
    // key: union branch 1 (string) of length -3, then a whole rest of a record
    byte[] bytes =
        message(
            Observation.getClassSchema(),
            concat(varint(1), varint(-3), varint(5), varint(0), varint(0), varint(0)));
    assertFailed(codec.decode(bytes), ErrorKind.UNDECODABLE, "corrupt", "Length is negative");
  }

  @Test
  void unionBranchOutOfRangeIsCorrupt() throws Exception {
    byte[] bytes = message(Observation.getClassSchema(), concat(varint(5), varint(1)));
    assertFailed(
        codec.decode(bytes), ErrorKind.UNDECODABLE, "truncated or corrupt", "IndexOutOfBounds");
  }

  @Test
  void enumOrdinalOutOfRangeIsCorrupt() throws Exception {
    int[] oneChar = concat(varint(1), new int[] {'m'});
    byte[] bytes =
        message(
            ModelUpdate.getClassSchema(),
            concat(oneChar, varint(13), oneChar, oneChar, varint(9), varint(1), varint(0)));
    assertFailed(
        WireCodec.modelUpdates().decode(bytes),
        ErrorKind.UNDECODABLE,
        "truncated or corrupt ModelUpdate body",
        "IndexOutOfBounds");
  }

  @Test
  void overlongVarintIsCorrupt() throws Exception {
    int[] elevenContinuationBytes = new int[11];
    Arrays.fill(elevenContinuationBytes, 0xFF);
    byte[] bytes =
        message(Observation.getClassSchema(), concat(varint(0), elevenContinuationBytes));
    assertFailed(codec.decode(bytes), ErrorKind.UNDECODABLE, "truncated or corrupt", "encoding");
  }
}
