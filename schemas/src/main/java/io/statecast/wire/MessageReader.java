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
 * through Avro's array-backed binary decoder over the message itself.
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
    BinaryDecoder in = body(message);
    GenericDatumReader.skip(writer, in);
    return in.inputStream().available();
  }

  /**
   * The record in the body of {@code message}, written with {@code writer} (fingerprint {@code
   * fp}).
   */
  T read(byte[] message, long fp, Schema writer) throws IOException {
    return readers.computeIfAbsent(fp, f -> datumReader(writer)).read(null, body(message));
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> datumReader(Schema writer) {
    return (DatumReader<T>) model.createDatumReader(writer, schema);
  }

  private BinaryDecoder body(byte[] message) {
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(
                message,
                SingleObject.HEADER_LENGTH,
                message.length - SingleObject.HEADER_LENGTH,
                decoders.get());
    decoders.set(in);
    return in;
  }
}
