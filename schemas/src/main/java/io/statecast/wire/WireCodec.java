package io.statecast.wire;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes records of one schema as Avro single-object messages and decodes messages from any writer
 * schema it knows, never throwing on bad input.
 *
 * <p><b>Why.</b> The fingerprint in every message tells a reader which schema wrote it, so
 * producers and the job can be upgraded one at a time without a schema registry: a codec knows its
 * own (reader) schema and the writer schemas it was given ({@link #withWriterSchemas}, {@link
 * #withWriterSchemasFrom}). A new reader is given the released older schemas, an old reader the
 * newer ones; Avro's schema resolution fills the gaps (field defaults, the enum default).
 *
 * <p><b>Decoding.</b> Each check turns one class of bad input into a {@link Decoded.Failed}:
 *
 * <ol>
 *   <li>null, shorter than the 10-byte header, or not starting with {@code 0xC3 0x01}: {@link
 *       ErrorKind#UNDECODABLE}, "not Avro single-object encoding";
 *   <li>fingerprint of no known schema: {@link ErrorKind#UNKNOWN_SCHEMA}, with the fingerprint;
 *   <li>known writer schema the reader cannot resolve ({@code SchemaCompatibility}, judged once per
 *       writer when it is registered): {@link ErrorKind#INCOMPATIBLE_SCHEMA}, naming fields;
 *   <li>body that ends early, has bytes left over after one complete record, or is otherwise
 *       malformed: {@link ErrorKind#UNDECODABLE}, "corrupt".
 * </ol>
 *
 * <p>Before decoding a body, the codec walks it once with {@link GenericDatumReader#skip}, which
 * allocates nothing. That pass finds truncation and trailing bytes, and it makes the decode safe:
 * Avro allocates a string, bytes or array by the length the body <em>declares</em>, so a 20-byte
 * message may declare a 2 GiB string; after the skip pass every declared length is known to be
 * backed by bytes actually present. (Arrays of zero-byte items, e.g. of {@code null}, are the
 * exception; no Statecast schema has one.)
 *
 * <p><b>Threads.</b> A codec is immutable and safe to share. Its {@link MessageWriter} and {@link
 * MessageReader} keep an encoder, a buffer and a decoder per thread and share the datum writer and
 * the per-writer datum readers, as Avro's own message encoder and decoder do. Avro's source
 * (1.12.1) bears out that sharing: {@code GenericDatumReader} keeps per-thread resolvers; its one
 * unguarded lazy field (the fast reader, whose record readers Avro caches in a synchronized map and
 * builds under a lock) can at worst be built twice. Flink operators should still create one codec
 * per operator instance in {@code open()}: creation is cheap and the codec is not {@code
 * Serializable}.
 *
 * @param <T> the record type: a generated class, or {@link GenericRecord}
 */
public final class WireCodec<T> implements ValueCodec<T> {

  private final GenericData model;
  private final Schema schema;
  private final KnownWriters writers;
  private final MessageWriter<T> encoder;
  private final MessageReader<T> decoder;

  private WireCodec(GenericData model, Schema schema, KnownWriters writers) {
    this.model = model;
    this.schema = schema;
    this.writers = writers;
    this.encoder = new MessageWriter<>(model, schema);
    this.decoder = new MessageReader<>(model, schema);
  }

  /** A codec for a generated record class, reading and writing its schema. */
  public static <T extends SpecificRecord> WireCodec<T> forSpecific(Class<T> type) {
    SpecificData classModel = SpecificData.getForClass(type);
    Schema schema = classModel.getSchema(type);
    return new WireCodec<>(customCoders(type, classModel), schema, KnownWriters.of(schema));
  }

  /**
   * A model of our own (the generated class's is shared and stays untouched) that encodes with the
   * generated {@code customEncode}: straight-line code instead of the reflective walk of {@code
   * GenericDatumWriter}, which dispatches on the schema for every field of every record; the same
   * bytes, much faster (docs/benchmarks/history.md). Decoding keeps Avro's fast reader, which was
   * faster than the generated {@code customDecode} behind a {@code ResolvingDecoder}.
   */
  static SpecificData customCoders(Class<?> type, SpecificData classModel) {
    SpecificData model = new SpecificData(type.getClassLoader());
    classModel.getConversions().forEach(model::addLogicalTypeConversion);
    model.setCustomCoders(true);
    return model;
  }

  /**
   * A codec for {@link GenericRecord}s of {@code schema}, which it reads and writes. Strings read
   * as {@link org.apache.avro.util.Utf8} unless the schema asks for {@code java.lang.String}.
   */
  public static WireCodec<GenericRecord> forGeneric(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    return new WireCodec<>(new GenericData(), schema, KnownWriters.of(schema));
  }

  /** A codec for {@link Observation}: input events. */
  public static WireCodec<Observation> observations() {
    return forSpecific(Observation.class);
  }

  /** A codec for {@link Forecast}: forecasts. */
  public static WireCodec<Forecast> forecasts() {
    return forSpecific(Forecast.class);
  }

  /** A codec for {@link Anomaly}: actuals outside their forecast interval. */
  public static WireCodec<Anomaly> anomalies() {
    return forSpecific(Anomaly.class);
  }

  /** A codec for {@link DeadLetter}: dead letters. */
  public static WireCodec<DeadLetter> deadLetters() {
    return forSpecific(DeadLetter.class);
  }

  /** A codec for {@link ModelUpdate}: model updates. */
  public static WireCodec<ModelUpdate> modelUpdates() {
    return forSpecific(ModelUpdate.class);
  }

  /**
   * This codec, also knowing the given writer schemas. Each is judged against the reader schema
   * now; one it cannot resolve is kept (so its messages fail as {@code INCOMPATIBLE_SCHEMA}, not
   * {@code UNKNOWN_SCHEMA}) and logged as a warning.
   */
  public WireCodec<T> withWriterSchemas(Collection<Schema> writerSchemas) {
    return new WireCodec<>(model, schema, writers.plus(writerSchemas));
  }

  /**
   * This codec, also knowing the schemas named like its reader schema (by full name or alias) that
   * the {@code .avsc} files in {@code directory} define. Files may refer to named types defined in
   * other files of the directory, as in {@code src/main/avro}; one directory holds one version of
   * each name (give each release its own directory).
   *
   * @throws IOException if the directory cannot be read
   * @throws IllegalArgumentException if no file defines a schema named like the reader schema
   * @throws org.apache.avro.SchemaParseException if the files are not valid schemas
   */
  public WireCodec<T> withWriterSchemasFrom(Path directory) throws IOException {
    return withWriterSchemas(SchemaFiles.versionsOf(schema, directory));
  }

  /**
   * This codec, also knowing the schemas named like its reader schema in {@code directory}, if it
   * defines any: for a directory that holds the versions of some record types only (a release's
   * {@code Observation.avsc} and not its {@code Forecast.avsc}, say).
   *
   * @throws IOException if the directory cannot be read
   * @throws org.apache.avro.SchemaParseException if the files are not valid schemas
   */
  public WireCodec<T> withAnyWriterSchemasFrom(Path directory) throws IOException {
    List<Schema> versions =
        SchemaFiles.namedSchemasIn(directory).stream()
            .filter(
                s ->
                    s.getFullName().equals(schema.getFullName())
                        || schema.getAliases().contains(s.getFullName()))
            .toList();
    return versions.isEmpty() ? this : withWriterSchemas(versions);
  }

  /** {@link ValueFormat#AVRO}. */
  @Override
  public ValueFormat format() {
    return ValueFormat.AVRO;
  }

  /** The schema records are encoded with and decoded to. */
  public Schema schema() {
    return schema;
  }

  /**
   * The single-object encoding of {@code record}.
   *
   * @throws IllegalArgumentException if the record does not conform to the schema (a null in a
   *     non-null field, say)
   */
  @Override
  public byte[] encode(T record) {
    try {
      return encoder.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by an in-memory stream
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid " + schema.getName() + ": " + describe(e), e);
    }
  }

  /** The record in {@code bytes}, or why there is none; never throws. */
  @Override
  public Decoded<T> decode(byte[] bytes) {
    String notSingleObject = SingleObject.headerProblem(bytes);
    if (notSingleObject != null) {
      return Decoded.failed(
          ErrorKind.UNDECODABLE, "not Avro single-object encoding: " + notSingleObject);
    }
    long fp = SingleObject.fingerprintIn(bytes);
    Schema writer = writers.find(fp);
    if (writer == null) {
      return Decoded.failed(
          ErrorKind.UNKNOWN_SCHEMA,
          "unknown writer schema: fingerprint "
              + SingleObject.hex(fp)
              + " matches none of the "
              + writers.size()
              + " writer schemas this "
              + schema.getFullName()
              + " reader knows; register the writer's schema with the reader");
    }
    String incompatibility = writers.incompatibility(fp);
    if (incompatibility != null) {
      return Decoded.failed(ErrorKind.INCOMPATIBLE_SCHEMA, incompatibility);
    }
    return decodeBody(bytes, writer, fp);
  }

  private Decoded<T> decodeBody(byte[] bytes, Schema writer, long fp) {
    try {
      int trailing = decoder.trailingBytes(bytes, writer);
      if (trailing > 0) {
        return Decoded.failed(
            ErrorKind.UNDECODABLE,
            "corrupt " + body(fp) + ": " + trailing(trailing) + " after a whole record");
      }
      return Decoded.ok(decoder.read(bytes, fp, writer));
    } catch (IOException | RuntimeException e) {
      return Decoded.failed(
          ErrorKind.UNDECODABLE, "truncated or corrupt " + body(fp) + ": " + describe(e));
    }
  }

  /** Names the body in reasons; built only for a failure (formatting costs per record). */
  private String body(long fp) {
    return schema.getName() + " body (writer " + SingleObject.hex(fp) + ")";
  }

  private static String trailing(int count) {
    return count == 1 ? "1 trailing byte" : count + " trailing bytes";
  }

  /** The exception and its causes, briefly: EOFException has no message but says enough. */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
      text.append(t == e ? "" : ", caused by ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.toString();
  }
}
