package io.statecast.testing.registry;

import io.statecast.avro.Observation;
import io.statecast.wire.EvolvedSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Values in schema-registry framing written without the codec under test (Avro's own generic
 * writer), and the versions of Observation that producers might register.
 */
final class RegistryTestSupport {

  private RegistryTestSupport() {}

  /** An Observation from before {@code named} and {@code target} were added. */
  static final Schema OBSERVATION_V0 = EvolvedSchemas.OBSERVATION_V0;

  /** A later Observation that adds an optional field with a default. */
  static final Schema OBSERVATION_V2 = EvolvedSchemas.OBSERVATION_V2;

  /** A broken Observation whose {@code eventTime} is a string. */
  static final Schema OBSERVATION_STRING_EVENT_TIME = EvolvedSchemas.OBSERVATION_STRING_EVENT_TIME;

  static Schema parse(String text) {
    return new Schema.Parser().parse(text);
  }

  /** An observation with every field set. */
  static Observation observation(String key, long eventTime) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(eventTime)
        .setFeatures(List.of(1.5f, -2f))
        .setNamed(Map.of("temperature", 21.5f))
        .setTarget(3.25f)
        .build();
  }

  /** A record of {@code schema} with the given fields; the others keep their defaults. */
  static GenericRecord record(Schema schema, Map<String, Object> fields) {
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (f.hasDefaultValue()) {
        record.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    fields.forEach(record::put);
    return record;
  }

  /** Byte 0, {@code id} big-endian, then the Avro binary of {@code record} as Avro writes it. */
  static byte[] framed(int id, GenericRecord record) {
    return concat(header(id), binary(record));
  }

  static byte[] header(int id) {
    return ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
  }

  static byte[] binary(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The zig-zag varint of {@code n}, as Avro writes ints and longs. */
  static byte[] varint(long n) {
    long z = (n << 1) ^ (n >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
