package io.statecast.wire.json;

import static io.statecast.wire.json.JsonReasons.at;
import static io.statecast.wire.json.JsonReasons.got;
import static io.statecast.wire.json.JsonReasons.jacksonMessage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes records as JSON objects and decodes JSON objects into records, driven by the record's
 * Avro schema, never throwing on bad input: {@link ValueFormat#JSON}.
 *
 * <p><b>The format.</b> A value is one UTF-8 JSON object; its members are the record's fields by
 * name. Avro types map to JSON as follows:
 *
 * <ul>
 *   <li>{@code long}: a JSON integer; decoding also takes ISO-8601 text, read as epoch
 *       milliseconds: an instant ({@code "2024-01-01T00:00:00Z"}), a date-time with an offset
 *       ({@code "2024-01-01T01:00:00+01:00"}) or a date ({@code "2024-01-01"}, midnight UTC).
 *       Written as a number.
 *   <li>{@code int}: a JSON integer in the range of {@code int}.
 *   <li>{@code float}, {@code double}: a JSON number, or one of the tokens {@code NaN}, {@code
 *       Infinity}, {@code -Infinity}. The codec reads non-finite values as they are, as the Avro
 *       formats do, so the job's validation (not the codec) makes them {@code NON_FINITE_VALUE}
 *       dead letters. A number beyond the type's range is refused, naming the field; it does not
 *       become infinity.
 *   <li>{@code string}: text. {@code boolean}: {@code true} or {@code false}.
 *   <li>enum: its symbol as text; a symbol the schema does not list reads as the enum's default if
 *       it has one ({@link ErrorKind} reads as {@code OTHER}) and is refused otherwise.
 *   <li>{@code bytes} (and {@code fixed}): standard base64 text (RFC 4648, with padding).
 *   <li>array: a JSON array. map: a JSON object.
 *   <li>union {@code ["null", X]}: {@code null}, an absent member, or X as above (no Avro-JSON type
 *       wrapper such as {@code {"float": 1.5}}).
 * </ul>
 *
 * <p>A member that is absent takes the field's Avro default; a field without a default that is not
 * nullable is required. Members the schema does not name are ignored: producers may add fields, and
 * the record's own fields are all that is read. Each field may appear once.
 *
 * <p>An observation, a forecast, a model update and a dead letter:
 *
 * <pre>{@code
 * {"key":"sensor-7","eventTime":"2024-01-01T00:00:00Z","features":[21.5,0.4],"target":21.5}
 * {"key":"sensor-7","eventTime":1704067200000,"values":[21.6,21.8],"modelId":"temp",
 *  "modelVersion":3,"steps":42,"target":21.5,"observedAt":1704067200012,"emittedAt":1704067200020}
 * {"modelId":"temp","version":4,"artifactUri":"file:/models/temp/4","manifestSha256":"9f86d08…",
 *  "policy":"REWARM","publishedAt":1704067200000,"note":null}
 * {"payload":"eyJrZXkiOjF9","recordKey":null,"topic":"observations","partition":0,"offset":17,
 *  "recordTimestamp":1704067200000,"kind":"UNDECODABLE","message":"missing field 'eventTime'",
 *  "failedAt":1704067200100}
 * }</pre>
 *
 * <p><b>Decoding.</b> Every failure is a {@link Decoded.Failed} of {@link ErrorKind#UNDECODABLE}
 * with a reason that says what to fix:
 *
 * <ul>
 *   <li>no value, or not JSON: {@code not JSON: } and the parser's message with line and column;
 *   <li>JSON that is not an object: {@code not a JSON object};
 *   <li>anything after the object: {@code trailing content after the JSON object};
 *   <li>a member of the wrong type or out of range: {@code field 'eventTime': expected epoch
 *       milliseconds or ISO-8601 text, got true}, {@code field 'features[2]': 1e39 is beyond the
 *       range of float};
 *   <li>a required field absent: {@code missing field 'eventTime'};
 *   <li>input beyond the codec's limits: {@code JSON beyond the codec's limits: } and which limit.
 * </ul>
 *
 * <p><b>Limits.</b> The parser refuses nesting deeper than {@value #MAX_NESTING_DEPTH}, numbers
 * longer than {@value #MAX_NUMBER_LENGTH} characters and strings longer than the largest record the
 * codec is made for ({@link #forSpecific(Class, int)}), so hostile input costs at most time linear
 * in its size and memory bounded by it. Members the schema does not name are skipped without being
 * kept. The size of whole values is the caller's to bound (the job refuses oversized values before
 * decoding).
 *
 * <p><b>Classes.</b> This class is the entry point: it holds the limits, builds the parser factory
 * and turns every failure into a {@link Decoded.Failed}. {@code JsonRecordReader} reads a token
 * stream into a record (its scalars by {@code JsonScalars}), {@code JsonRecordWriter} writes one,
 * and {@code JsonReasons} words the reasons.
 *
 * <p><b>Threads.</b> A codec is immutable and safe to share: it holds one configured {@link
 * JsonFactory} (thread-safe once built) and makes a parser or generator per call.
 *
 * @param <T> the record type: a generated class
 */
public final class JsonCodec<T extends SpecificRecord> implements ValueCodec<T> {

  /** The deepest nesting of arrays and objects the parser accepts, unknown members included. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** The longest number, in characters, the parser accepts. */
  public static final int MAX_NUMBER_LENGTH = 100;

  /** The largest record {@link #forSpecific(Class)} is made for: the job's default limit. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  private final Class<T> type;
  private final SpecificData model;
  private final Schema schema;
  private final int maxRecordBytes;
  private final JsonFactory json;
  private final JsonRecordReader reader;
  private final JsonRecordWriter writer;

  private JsonCodec(Class<T> type, int maxRecordBytes) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.maxRecordBytes = maxRecordBytes;
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(maxRecordBytes)
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    this.reader = new JsonRecordReader(model);
    this.writer = new JsonRecordWriter(model, schema, json);
  }

  /** A codec for a generated record class, with strings up to {@link #DEFAULT_MAX_RECORD_BYTES}. */
  public static <T extends SpecificRecord> JsonCodec<T> forSpecific(Class<T> type) {
    return forSpecific(type, DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * A codec for a generated record class, for values of at most {@code maxRecordBytes}: no string
   * in a value may be longer.
   *
   * @throws IllegalArgumentException if {@code maxRecordBytes} is not positive
   */
  public static <T extends SpecificRecord> JsonCodec<T> forSpecific(
      Class<T> type, int maxRecordBytes) {
    Objects.requireNonNull(type, "type");
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
    }
    return new JsonCodec<>(type, maxRecordBytes);
  }

  /** A codec for {@link Observation}: input events. */
  public static JsonCodec<Observation> observations() {
    return forSpecific(Observation.class);
  }

  /** A codec for {@link Forecast}: forecasts. */
  public static JsonCodec<Forecast> forecasts() {
    return forSpecific(Forecast.class);
  }

  /** A codec for {@link Anomaly}: actuals outside their forecast interval. */
  public static JsonCodec<Anomaly> anomalies() {
    return forSpecific(Anomaly.class);
  }

  /** A codec for {@link DeadLetter}: dead letters. */
  public static JsonCodec<DeadLetter> deadLetters() {
    return forSpecific(DeadLetter.class);
  }

  /** A codec for {@link ModelUpdate}: model updates. */
  public static JsonCodec<ModelUpdate> modelUpdates() {
    return forSpecific(ModelUpdate.class);
  }

  /** {@link ValueFormat#JSON}. */
  @Override
  public ValueFormat format() {
    return ValueFormat.JSON;
  }

  /** The schema records are read and written with. */
  public Schema schema() {
    return schema;
  }

  /** The longest string a value may hold, in characters. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  // ---------------------------------------------------------------------------------- encoding

  /**
   * {@code record} as a compact JSON object, every field written ({@code null} included).
   *
   * @throws IllegalArgumentException if the record does not conform to the schema (a null in a
   *     non-null field, say)
   */
  @Override
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    return writer.encode(record);
  }

  // ---------------------------------------------------------------------------------- decoding

  /** The record in {@code value}, or why there is none; never throws. */
  @Override
  public Decoded<T> decode(byte[] value) {
    if (value == null) {
      return refused("not JSON: no value (null)");
    }
    String notUtf8 = notUtf8(value);
    if (notUtf8 != null) {
      return refused("not JSON: " + notUtf8);
    }
    boolean objectRead = false;
    try (JsonParser p = json.createParser(value)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return refused("not JSON: the value is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        return refused("not a JSON object: the value is " + got(p));
      }
      Object record = reader.readRecord(p, schema, "");
      objectRead = true;
      if (p.nextToken() != null) {
        return refused("trailing content after the JSON object" + at(p.currentTokenLocation()));
      }
      return Decoded.ok(type.cast(record));
    } catch (Refused e) {
      return refused(e.getMessage());
    } catch (StreamConstraintsException e) {
      return refused("JSON beyond the codec's limits: " + jacksonMessage(e));
    } catch (JsonProcessingException e) {
      return refused(
          (objectRead ? "trailing content after the JSON object: " : "not JSON: ")
              + jacksonMessage(e));
    } catch (IOException | RuntimeException e) {
      return refused("not JSON: " + e);
    }
  }

  private static <T> Decoded<T> refused(String reason) {
    return Decoded.failed(ErrorKind.UNDECODABLE, reason);
  }

  /**
   * Why {@code value} cannot be UTF-8 JSON, or null. Jackson would take a value that starts with a
   * byte-order mark of UTF-16 or UTF-32, or with zero bytes, as UTF-16 or UTF-32 text; neither is
   * this format.
   */
  private static String notUtf8(byte[] value) {
    for (int i = 0; i < Math.min(4, value.length); i++) {
      int b = value[i] & 0xFF;
      if (b == 0x00 || b == 0xFE || b == 0xFF) {
        return String.format(
            "not UTF-8 text: byte 0x%02X at offset %d (UTF-16 or UTF-32 is not read)", b, i);
      }
    }
    return null;
  }
}
