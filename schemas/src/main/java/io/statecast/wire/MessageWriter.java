package io.statecast.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes records of one schema as single-object messages: the {@link SingleObject} header, then the
 * body written by the model's datum writer through Avro's buffered binary encoder.
 *
 * <p>Why not Avro's {@code BinaryMessageEncoder}: it writes the body through a {@code
 * DirectBinaryEncoder} into a {@code ByteArrayOutputStream}, one synchronized {@code write} per
 * byte of every float, long and string length, so that a record costs a lock per byte it writes,
 * which was most of the cost of encoding a forecast (docs/benchmarks/history.md). The buffered
 * encoder writes into its own array and hands the stream one block per message. The bytes are the
 * same (tested against Avro's encoder).
 *
 * <p>Thread-safe: each thread reuses its own buffer and encoder.
 */
final class MessageWriter<T> {

  private final byte[] header;
  private final DatumWriter<T> writer;
  private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

  @SuppressWarnings("unchecked")
  MessageWriter(GenericData model, Schema schema) {
    this.header = SingleObject.header(SingleObject.fingerprint(schema));
    this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
  }

  /**
   * The message of {@code record}.
   *
   * @throws RuntimeException whatever the datum writer throws for a record that breaks its schema
   */
  byte[] write(T record) throws IOException {
    return write(header, record);
  }

  /** {@code prefix}, then the body of {@code record}: for framings other than single-object. */
  byte[] write(byte[] prefix, T record) throws IOException {
    Buffer b = buffers.get();
    b.bytes.reset();
    b.bytes.write(prefix);
    b.encoder = EncoderFactory.get().binaryEncoder(b.bytes, b.encoder);
    try {
      writer.write(record, b.encoder);
    } catch (IOException | RuntimeException e) {
      // The encoder's buffer holds part of this record and would flush it into the next message.
      b.encoder = null;
      throw e;
    }
    b.encoder.flush();
    return b.bytes.toByteArray();
  }

  /** One thread's reused output: grows to the largest message written, never shrinks. */
  private static final class Buffer {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }
}
