package io.statecast.wire.registry;

import io.statecast.avro.ErrorKind;
import io.statecast.wire.BodyCodec;
import io.statecast.wire.Decoded;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The values of one topic in the framing of Confluent-compatible schema registries ({@link
 * ValueFormat#AVRO_REGISTRY}), read into and written from a generated record class.
 *
 * <pre>
 * byte  0      1  2  3  4      5 ...
 *      +------+-----------+---------------------------------------+
 *      | 0x00 | schema id | Avro binary body, as the writer wrote |
 *      |magic | int32, BE | it (no header of its own)             |
 *      +------+-----------+---------------------------------------+
 * </pre>
 *
 * <p><b>Why.</b> Producers that use a schema registry (Confluent's serializers, Apicurio's in
 * Confluent mode, Karapace) write this framing and register their schemas; the registry, not a
 * directory of {@code .avsc} files, tells the reader which schema each record was written with, so
 * a producer may evolve its schema (a field added with a default, one removed that the reader has a
 * default for) and the job reads the new records without a rebuild.
 *
 * <p><b>Decoding</b> never throws for bad input; each check turns one class of it into a {@link
 * Decoded.Failed}:
 *
 * <ol>
 *   <li>null, shorter than the 5-byte header, or not starting with byte 0: {@link
 *       ErrorKind#UNDECODABLE}, "not schema-registry framing";
 *   <li>an id the registry does not have (404, {@code error_code} 40403): {@link
 *       ErrorKind#UNKNOWN_SCHEMA}, with the id and the registry's URL;
 *   <li>a writer schema of another record (by full name or the reader's aliases), one that is not
 *       Avro, or one that the reader schema cannot resolve: {@link ErrorKind#INCOMPATIBLE_SCHEMA},
 *       naming the records or the fields (the wire package's judgement, made once per id);
 *   <li>a body that ends early, has bytes left over or is otherwise malformed: {@link
 *       ErrorKind#UNDECODABLE}, "corrupt". As in {@link io.statecast.wire.WireCodec}, an
 *       allocation-free skip pass comes first ({@link BodyCodec}), so a body that declares a 2 GiB
 *       string fails without the allocation.
 * </ol>
 *
 * A registry that cannot be reached, or does not answer as the API does, is not the record's fault:
 * {@link RegistryUnavailableException} is thrown, for the caller to retry later. Schemas are kept
 * by id once fetched ({@link RegistryClient}), so records of known ids decode while the registry is
 * down.
 *
 * <p><b>Encoding</b> registers the reader schema under the subject {@code <topic>-value} (the
 * default {@code TopicNameStrategy} of Confluent's serializers) on the first record, and frames
 * every record with the id the registry gave.
 *
 * <p>Thread-safe.
 *
 * @param <T> the generated record class
 * @see <a
 *     href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format">Confluent
 *     wire format</a>
 * @see <a
 *     href="https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#subject-name-strategy">Subject
 *     name strategy</a>
 */
public final class RegistryCodec<T extends SpecificRecord> implements ValueCodec<T> {

  /** The first byte of every value. */
  public static final byte MAGIC = 0;

  /** The magic byte and the 4-byte schema id. */
  public static final int HEADER_LENGTH = 5;

  private static final String NOT_FRAMED =
      "not schema-registry framing (magic byte 0, 4-byte schema id): ";

  private final RegistryClient registry;
  private final String subject;
  private final BodyCodec<T> bodies;
  private final Map<Integer, Writer> writers = new ConcurrentHashMap<>();
  private volatile byte[] header;

  /** A writer schema of one id, with the reader's verdict on it, judged once. */
  private record Writer(Schema schema, String refusal, String body) {}

  private RegistryCodec(BodyCodec<T> bodies, String topic, RegistryClient registry) {
    this.bodies = bodies;
    this.subject = topic + "-value";
    this.registry = registry;
  }

  /**
   * A codec of {@code type} for the values of {@code topic}, with schemas from {@code registry}.
   */
  public static <T extends SpecificRecord> RegistryCodec<T> forSpecific(
      Class<T> type, String topic, RegistryClient registry) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(registry, "registry");
    return new RegistryCodec<>(BodyCodec.forSpecific(type), topic, registry);
  }

  /**
   * A codec of {@code type} for the values of {@code topic}, with schemas from the registry of
   * {@code settings} through the one {@linkplain RegistryClient#shared shared client} of those
   * settings, whose schemas all such codecs of this JVM share.
   */
  public static <T extends SpecificRecord> RegistryCodec<T> forSpecific(
      Class<T> type, String topic, RegistrySettings settings) {
    return forSpecific(type, topic, RegistryClient.shared(settings));
  }

  /** {@link ValueFormat#AVRO_REGISTRY}. */
  @Override
  public ValueFormat format() {
    return ValueFormat.AVRO_REGISTRY;
  }

  /** The subject the reader schema is registered under: {@code <topic>-value}. */
  public String subject() {
    return subject;
  }

  /** The schema records are decoded to and encoded with. */
  public Schema schema() {
    return bodies.schema();
  }

  /**
   * The record in {@code value}, or why there is none.
   *
   * @throws RegistryUnavailableException if the writer's schema is not known yet and the registry
   *     does not answer
   */
  @Override
  public Decoded<T> decode(byte[] value) throws RegistryUnavailableException {
    String notFramed = framingProblem(value);
    if (notFramed != null) {
      return Decoded.failed(ErrorKind.UNDECODABLE, NOT_FRAMED + notFramed);
    }
    int id = idIn(value);
    Writer writer = writers.get(id);
    if (writer == null) {
      Schema schema;
      try {
        schema = registry.schemaById(id);
      } catch (UnknownSchemaIdException e) {
        return Decoded.failed(ErrorKind.UNKNOWN_SCHEMA, e.getMessage());
      } catch (UnusableSchemaException e) {
        writer = new Writer(null, e.getMessage(), null);
        writers.putIfAbsent(id, writer);
        return Decoded.failed(ErrorKind.INCOMPATIBLE_SCHEMA, writer.refusal());
      }
      writer = judge(id, schema);
      writers.putIfAbsent(id, writer);
    }
    if (writer.refusal() != null) {
      return Decoded.failed(ErrorKind.INCOMPATIBLE_SCHEMA, writer.refusal());
    }
    return bodies.decode(value, HEADER_LENGTH, writer.schema(), id, writer.body());
  }

  /** The reader's verdict on the writer schema of {@code id}. */
  private Writer judge(int id, Schema writer) {
    Schema reader = bodies.schema();
    String label = "(schema id " + id + ")";
    String refusal = null;
    if (writer.getType() != Schema.Type.RECORD) {
      refusal =
          "schema id "
              + id
              + " in the registry at "
              + registry.url()
              + " is a "
              + writer.getType().getName()
              + " schema, not the record "
              + reader.getFullName();
    } else if (!writer.getFullName().equals(reader.getFullName())
        && !reader.getAliases().contains(writer.getFullName())) {
      refusal =
          "schema id "
              + id
              + " in the registry at "
              + registry.url()
              + " is the record "
              + writer.getFullName()
              + ", not "
              + reader.getFullName()
              + " (nor one of its aliases): a record of another type on this topic";
    } else {
      refusal = bodies.incompatibility(writer, label).orElse(null);
    }
    return new Writer(writer, refusal, reader.getName() + " body " + label);
  }

  /**
   * The framed Avro binary of {@code record}; the first call registers the reader schema under
   * {@link #subject()}.
   *
   * @throws RegistryUnavailableException if the schema is not registered yet and the registry does
   *     not answer (or refuses it)
   * @throws IllegalArgumentException if the record does not conform to its schema
   */
  @Override
  public byte[] encode(T record) throws RegistryUnavailableException {
    byte[] h = header;
    if (h == null) {
      h = header(registry.register(subject, bodies.schema()));
      header = h;
    }
    return bodies.encode(h, record);
  }

  /** The 5-byte header of values written with the schema of {@code id}. */
  public static byte[] header(int id) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(id).array();
  }

  /** The schema id in a value whose {@link #framingProblem} is null. */
  public static int idIn(byte[] value) {
    return ByteBuffer.wrap(value, 1, 4).getInt();
  }

  /** Why {@code value} cannot be in schema-registry framing, or null if its header is whole. */
  static String framingProblem(byte[] value) {
    if (value == null) {
      return "null instead of bytes";
    }
    if (value.length == 0) {
      return "empty message";
    }
    if (value[0] != MAGIC) {
      boolean singleObject = value[0] == (byte) 0xC3 && value.length > 1 && value[1] == 0x01;
      return String.format(
          "starts with 0x%02X, not with the magic byte 0%s",
          value[0],
          singleObject ? " (0xC3 0x01 starts Avro single-object encoding: the avro format)" : "");
    }
    if (value.length < HEADER_LENGTH) {
      return value.length + (value.length == 1 ? " byte" : " bytes") + ", shorter than the header";
    }
    return null;
  }

  @Override
  public String toString() {
    return "RegistryCodec["
        + bodies.schema().getFullName()
        + ", subject "
        + subject
        + ", registry "
        + registry.url()
        + "]";
  }
}
