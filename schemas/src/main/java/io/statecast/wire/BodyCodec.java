package io.statecast.wire;

import io.statecast.avro.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro binary body of a record without the single-object header, for codecs of other framings
 * (the schema-registry framing of {@link io.statecast.wire.registry.RegistryCodec}): the same
 * reading and writing as {@link WireCodec}'s, so those codecs get its guarantees.
 *
 * <ul>
 *   <li>{@link #decode} walks the body once with Avro's allocation-free skip before decoding it, as
 *       {@link WireCodec} does: truncation and trailing bytes are found, and a body that declares a
 *       2 GiB string or array fails as {@link ErrorKind#UNDECODABLE} without the allocation;
 *   <li>{@link #incompatibility} is the wire package's judgement of a writer schema against the
 *       reader schema, naming the fields at fault;
 *   <li>{@link #encode} writes with the generated classes' own encoders, as {@link WireCodec} does.
 * </ul>
 *
 * <p>Thread-safe and immutable, like {@link WireCodec}.
 *
 * @param <T> the record type
 */
public final class BodyCodec<T> {

  private final Schema schema;
  private final MessageReader<T> reader;
  private final MessageWriter<T> writer;

  private BodyCodec(SpecificData model, Schema schema) {
    this.schema = schema;
    this.reader = new MessageReader<>(model, schema);
    this.writer = new MessageWriter<>(model, schema);
  }

  /** Bodies of the generated record class {@code type}, read to and written from its schema. */
  public static <T extends SpecificRecord> BodyCodec<T> forSpecific(Class<T> type) {
    SpecificData classModel = SpecificData.getForClass(type);
    return new BodyCodec<>(WireCodec.customCoders(type, classModel), classModel.getSchema(type));
  }

  /** The reader schema: records are decoded to it and encoded with it. */
  public Schema schema() {
    return schema;
  }

  /**
   * Why this reader cannot resolve what {@code writer} wrote, naming the fields, or empty when it
   * can.
   *
   * @param writerLabel tells this writer schema apart in the explanation (a registry id, say)
   */
  public Optional<String> incompatibility(Schema writer, String writerLabel) {
    return Compatibility.incompatibility(schema, Objects.requireNonNull(writer), writerLabel);
  }

  /**
   * The record in the body of {@code message} that starts at {@code offset}, written with {@code
   * writer}, or {@link ErrorKind#UNDECODABLE} if the body is truncated, has bytes left over after
   * one whole record or is otherwise corrupt; never throws for bad input. The caller has checked
   * that this reader can resolve {@code writer} ({@link #incompatibility}).
   *
   * @param writerKey tells writer schemas apart: the datum reader made for a writer is kept under
   *     it (a registry id); one key must always mean the same writer schema
   * @param what names the body in a failure's reason ("Observation body (schema id 7)")
   */
  public Decoded<T> decode(byte[] message, int offset, Schema writer, long writerKey, String what) {
    try {
      int trailing = reader.trailingBytes(message, offset, writer);
      if (trailing > 0) {
        return Decoded.failed(
            ErrorKind.UNDECODABLE,
            "corrupt "
                + what
                + ": "
                + (trailing == 1 ? "1 trailing byte" : trailing + " trailing bytes")
                + " after a whole record");
      }
      return Decoded.ok(reader.read(message, offset, writerKey, writer));
    } catch (IOException | RuntimeException e) {
      return Decoded.failed(
          ErrorKind.UNDECODABLE, "truncated or corrupt " + what + ": " + WireCodec.describe(e));
    }
  }

  /**
   * {@code prefix} (a framing's header), then the binary body of {@code record}.
   *
   * @throws IllegalArgumentException if the record does not conform to the schema
   */
  public byte[] encode(byte[] prefix, T record) {
    try {
      return writer.write(prefix, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by an in-memory stream
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a valid " + schema.getName() + ": " + WireCodec.describe(e), e);
    }
  }
}
