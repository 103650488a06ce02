package io.statecast.wire;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads the bodies of single-object messages whose header the codec has already checked: a walk
 * that proves the body whole ({@link #trailingBytes}), then the record ({@link #read}), both
 * through Avro's array-backed binary decoder over the message itself. {@link BodyCodec} reads
 * bodies that start at another offset the same way (the schema-registry framing's, after 5 bytes).
 *
 * <p>Why not Avro's {@code BinaryMessageDecoder}: it reads the body through a {@code
 * DirectBinaryDecoder} over a {@code ByteArrayInputStream}, one synchronized {@code read} per byte,
 * which dominated the skip walk and much of the decode. The array-backed decoder reads the array in
 * place. Datum readers are made once per writer schema, as Avro's message decoder does.
 *
 * <p>Thread-safe: each thread reuses its own decoder; datum readers are shared, as in Avro's
 * message decoder (they keep their resolvers per thread).
 */
final class MessageReader<T> {

  private final GenericData model;
  private final Schema schema;
  private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  MessageReader(GenericData model, Schema schema) {
    this.model = model;
    this.schema = schema;
  }

  /**
   * Walks the body of {@code message} as {@code writer} wrote it, allocating nothing, and returns
   * how many bytes follow one whole record.
   *
   * @throws IOException (an {@code EOFException}) if the body ends early
   * @throws RuntimeException if the body is otherwise malformed (a union index out of range, say)
   */
  int trailingBytes(byte[] message, Schema writer) throws IOException {
    return trailingBytes(message, SingleObject.HEADER_LENGTH, writer);
  }

  /** {@link #trailingBytes(byte[], Schema)} for a body that starts at {@code offset}. */
  int trailingBytes(byte[] message, int offset, Schema writer) throws IOException {
    BinaryDecoder in = body(message, offset);
    GenericDatumReader.skip(writer, in);
    return in.inputStream().available();
  }

  /**
   * The record in the body of {@code message}, written with {@code writer} (fingerprint {@code
   * fp}).
   */
  T read(byte[] message, long fp, Schema writer) throws IOException {
    return read(message, SingleObject.HEADER_LENGTH, fp, writer);
  }

  /**
   * The record in the body that starts at {@code offset}, written with {@code writer}; {@code key}
   * names the writer schema among those this reader has read (a fingerprint, a registry id).
   */
  T read(byte[] message, int offset, long key, Schema writer) throws IOException {
    return readers.computeIfAbsent(key, f -> datumReader(writer)).read(null, body(message, offset));
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> datumReader(Schema writer) {
    return (DatumReader<T>) model.createDatumReader(writer, schema);
  }

  private BinaryDecoder body(byte[] message, int offset) {
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(message, offset, message.length - offset, decoders.get());
    decoders.set(in);
    return in;
  }
}
