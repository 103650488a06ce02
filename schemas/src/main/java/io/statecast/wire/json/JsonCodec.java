package io.statecast.wire.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
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

  private static final int SHOWN_CHARS = 40;

  private final Class<T> type;
  private final SpecificData model;
  private final Schema schema;
  private final int maxRecordBytes;
  private final JsonFactory json;

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
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      writeRecord(g, schema, record, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by an in-memory stream
    } catch (Invalid e) {
      throw new IllegalArgumentException(
          "not a valid " + schema.getName() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid " + schema.getName() + ": " + e, e);
    }
    return out.toByteArray();
  }

  private void writeRecord(JsonGenerator g, Schema s, Object datum, String path)
      throws IOException, Invalid {
    if (!(datum instanceof IndexedRecord r)) {
      throw new Invalid(path, "expected a " + s.getName() + " record, got " + kind(datum));
    }
    g.writeStartObject();
    for (Schema.Field f : s.getFields()) {
      g.writeFieldName(f.name());
      write(g, f.schema(), r.get(f.pos()), child(path, f.name()));
    }
    g.writeEndObject();
  }

  private void write(JsonGenerator g, Schema s, Object v, String path) throws IOException, Invalid {
    if (s.getType() == Schema.Type.UNION) {
      int branch;
      try {
        branch = model.resolveUnion(s, v);
      } catch (AvroRuntimeException e) {
        throw new Invalid(path, "fits no branch of " + s + ": " + kind(v));
      }
      s = s.getTypes().get(branch);
    }
    if (v == null && s.getType() != Schema.Type.NULL) {
      throw new Invalid(path, "is null, but the field is not nullable");
    }
    switch (s.getType()) {
      case NULL -> g.writeNull();
      case BOOLEAN -> g.writeBoolean(as(Boolean.class, v, path));
      case INT -> g.writeNumber(as(Integer.class, v, path));
      case LONG -> g.writeNumber(as(Long.class, v, path));
      case FLOAT -> g.writeNumber(as(Float.class, v, path));
      case DOUBLE -> g.writeNumber(as(Double.class, v, path));
      case STRING -> g.writeString(as(CharSequence.class, v, path).toString());
      case ENUM -> {
        String symbol = v.toString();
        if (!s.hasEnumSymbol(symbol)) {
          throw new Invalid(
              path, "is " + quote(shown(symbol)) + ", not a symbol of " + s.getName());
        }
        g.writeString(symbol);
      }
      case BYTES -> g.writeString(base64(as(ByteBuffer.class, v, path)));
      case FIXED ->
          g.writeString(
              Base64.getEncoder().encodeToString(as(GenericFixed.class, v, path).bytes()));
      case ARRAY -> {
        g.writeStartArray();
        int i = 0;
        Collection<?> items = as(Collection.class, v, path);
        for (Object item : items) {
          write(g, s.getElementType(), item, path + "[" + i++ + "]");
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        Map<?, ?> map = as(Map.class, v, path);
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          g.writeFieldName(key);
          write(g, s.getValueType(), e.getValue(), path + "[" + quote(key) + "]");
        }
        g.writeEndObject();
      }
      case RECORD -> writeRecord(g, s, v, path);
      default -> throw new Invalid(path, "has a type the JSON format does not write: " + s);
    }
  }

  private static String base64(ByteBuffer b) {
    ByteBuffer copy = b.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static <V> V as(Class<V> expected, Object v, String path) throws Invalid {
    if (!expected.isInstance(v)) {
      throw new Invalid(path, "expected " + expected.getSimpleName() + ", got " + kind(v));
    }
    return expected.cast(v);
  }

  private static String kind(Object v) {
    return v == null ? "null" : v.getClass().getName();
  }

  /** A record that does not conform to its schema, found while encoding. */
  private static final class Invalid extends Exception {
    Invalid(String path, String problem) {
      super(
          (path.isEmpty() ? "the record " : "field '" + path + "' ") + problem, null, false, false);
    }
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
      Object record = readRecord(p, schema, "");
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

  /**
   * Reads the object the parser is at (on its {@code START_OBJECT}) as a record of {@code s}, up to
   * and including its {@code END_OBJECT}.
   */
  private Object readRecord(JsonParser p, Schema s, String path) throws IOException, Refused {
    IndexedRecord r = (IndexedRecord) model.newRecord(null, s);
    List<Schema.Field> fields = s.getFields();
    boolean[] seen = new boolean[fields.size()];
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      Schema.Field f = s.getField(name);
      p.nextToken();
      if (f == null) {
        p.skipChildren(); // a member this schema does not name: ignored
        continue;
      }
      String where = child(path, name);
      if (seen[f.pos()]) {
        throw new Refused("field '" + where + "' appears twice");
      }
      seen[f.pos()] = true;
      r.put(f.pos(), read(p, f.schema(), where));
    }
    for (Schema.Field f : fields) {
      if (!seen[f.pos()]) {
        r.put(f.pos(), absent(f, child(path, f.name())));
      }
    }
    return r;
  }

  /** The value of a field with no member: its default, else null if it may be, else refused. */
  private Object absent(Schema.Field f, String where) throws Refused {
    if (f.hasDefaultValue()) {
      // a copy: the model caches defaults, and records are mutable
      return model.deepCopy(f.schema(), model.getDefaultValue(f));
    }
    if (f.schema().isNullable()) {
      return null;
    }
    throw new Refused("missing field '" + where + "'");
  }

  /** Reads the value the parser is at as a datum of {@code s}. */
  private Object read(JsonParser p, Schema s, String path) throws IOException, Refused {
    JsonToken t = p.currentToken();
    return switch (s.getType()) {
      case NULL -> {
        if (t != JsonToken.VALUE_NULL) {
          throw expected(p, path, "null");
        }
        yield null;
      }
      case BOOLEAN -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw expected(p, path, "true or false");
        }
        yield t == JsonToken.VALUE_TRUE;
      }
      case INT -> readInt(p, path);
      case LONG -> readLong(p, path);
      case FLOAT -> readFloat(p, path);
      case DOUBLE -> readDouble(p, path);
      case STRING -> {
        if (t != JsonToken.VALUE_STRING) {
          throw expected(p, path, "text");
        }
        yield p.getText();
      }
      case ENUM -> readEnum(p, s, path);
      case BYTES -> ByteBuffer.wrap(readBase64(p, path));
      case FIXED -> {
        byte[] bytes = readBase64(p, path);
        if (bytes.length != s.getFixedSize()) {
          throw new Refused(
              field(path) + "expected " + s.getFixedSize() + " bytes, got " + bytes.length);
        }
        yield model.createFixed(null, bytes, s);
      }
      case ARRAY -> readArray(p, s, path);
      case MAP -> readMap(p, s, path);
      case RECORD -> {
        if (t != JsonToken.START_OBJECT) {
          throw expected(p, path, "an object");
        }
        yield readRecord(p, s, path);
      }
      case UNION -> readUnion(p, s, path);
    };
  }

  private static int readInt(JsonParser p, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw expected(p, path, "an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new Refused(field(path) + shown(p.getText()) + " is beyond the range of int");
    }
    return p.getIntValue();
  }

  private static long readLong(JsonParser p, String path) throws IOException, Refused {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new Refused(field(path) + shown(p.getText()) + " is beyond the range of long");
      }
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String text = p.getText();
      Long millis = isoMillis(text);
      if (millis == null) {
        throw new Refused(
            field(path)
                + quote(shown(text))
                + " is not ISO-8601 text: expected an instant (2024-01-01T00:00:00Z), a date-time"
                + " with an offset (2024-01-01T01:00:00+01:00) or a date (2024-01-01)");
      }
      return millis;
    }
    throw expected(p, path, "epoch milliseconds or ISO-8601 text");
  }

  /**
   * Epoch milliseconds of ISO-8601 text: an instant, an offset date-time or a date (midnight UTC);
   * null if the text is none of these or beyond the range of {@code long} milliseconds.
   */
  static Long isoMillis(String text) {
    try {
      if (text.length() <= 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (text.endsWith("Z")) {
        return Instant.parse(text).toEpochMilli();
      }
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static float readFloat(JsonParser p, String path) throws IOException, Refused {
    String text = numberText(p, path);
    if (nonNumeric(text)) {
      return (float) p.getDoubleValue();
    }
    float f = Float.parseFloat(text);
    if (Float.isInfinite(f)) {
      throw new Refused(field(path) + shown(text) + " is beyond the range of float");
    }
    return f;
  }

  private static double readDouble(JsonParser p, String path) throws IOException, Refused {
    String text = numberText(p, path);
    if (nonNumeric(text)) {
      return p.getDoubleValue();
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw new Refused(field(path) + shown(text) + " is beyond the range of double");
    }
    return d;
  }

  /**
   * The text of the number the parser is at. Parsing the text (rather than taking Jackson's double)
   * rounds once, straight to the field's type, and tells an overflowing number from the tokens.
   */
  private static String numberText(JsonParser p, String path) throws IOException, Refused {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw expected(p, path, "a number");
    }
    return p.getText();
  }

  /** Whether number text is one of the tokens NaN, Infinity, -Infinity (and Jackson's INF). */
  private static boolean nonNumeric(String text) {
    return !text.isEmpty() && Character.isLetter(text.charAt(text.length() - 1));
  }

  private Object readEnum(JsonParser p, Schema s, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw expected(p, path, "one of " + String.join(", ", s.getEnumSymbols()));
    }
    String symbol = p.getText();
    if (!s.hasEnumSymbol(symbol)) {
      if (s.getEnumDefault() == null) {
        throw new Refused(
            field(path)
                + "unknown symbol "
                + quote(shown(symbol))
                + ", expected one of "
                + String.join(", ", s.getEnumSymbols()));
      }
      symbol = s.getEnumDefault();
    }
    return model.createEnum(symbol, s);
  }

  private static byte[] readBase64(JsonParser p, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw expected(p, path, "base64 text");
    }
    try {
      return Base64.getDecoder().decode(p.getText());
    } catch (IllegalArgumentException e) {
      throw new Refused(field(path) + "not base64: " + e.getMessage());
    }
  }

  private Object readArray(JsonParser p, Schema s, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw expected(p, path, "an array");
    }
    GenericData.Array<Object> items = new GenericData.Array<>(8, s);
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      items.add(read(p, s.getElementType(), path + "[" + items.size() + "]"));
    }
    return items;
  }

  private Object readMap(JsonParser p, Schema s, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw expected(p, path, "an object");
    }
    Map<String, Object> map = new HashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      p.nextToken();
      String where = path + "[" + quote(key) + "]";
      if (map.containsKey(key)) {
        throw new Refused("field '" + where + "' appears twice");
      }
      map.put(key, read(p, s.getValueType(), where));
    }
    return map;
  }

  /**
   * A union: {@code null} for a null branch, else the first branch whose JSON form matches the
   * token (for {@code ["null", X]}: X).
   */
  private Object readUnion(JsonParser p, Schema s, String path) throws IOException, Refused {
    JsonToken t = p.currentToken();
    Schema fallback = null;
    for (Schema branch : s.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        if (t == JsonToken.VALUE_NULL) {
          return null;
        }
      } else if (accepts(branch.getType(), t)) {
        return read(p, branch, path);
      } else if (fallback == null) {
        fallback = branch;
      }
    }
    if (fallback == null) {
      throw expected(p, path, "null");
    }
    return read(p, fallback, path); // refuses, saying what that branch expects
  }

  private static boolean accepts(Schema.Type type, JsonToken t) {
    return switch (type) {
      case BOOLEAN -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
      case INT -> t == JsonToken.VALUE_NUMBER_INT;
      case LONG -> t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING;
      case FLOAT, DOUBLE -> t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
      case STRING, ENUM, BYTES, FIXED -> t == JsonToken.VALUE_STRING;
      case ARRAY -> t == JsonToken.START_ARRAY;
      case MAP, RECORD -> t == JsonToken.START_OBJECT;
      case NULL -> t == JsonToken.VALUE_NULL;
      case UNION -> false;
    };
  }

  // ---------------------------------------------------------------------------------- reasons

  /** A JSON value that could not be read as the record, with the reason. */
  private static final class Refused extends Exception {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private static Refused expected(JsonParser p, String path, String what) throws IOException {
    return new Refused(field(path) + "expected " + what + ", got " + got(p));
  }

  private static String field(String path) {
    return "field '" + path + "': ";
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The value the parser is at, briefly: literals and numbers as written, text quoted. */
  private static String got(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> quote(shown(p.getText()));
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> shown(p.getText());
      default -> shown(t.asString() == null ? t.name() : t.asString());
    };
  }

  /** At most {@value #SHOWN_CHARS} characters of {@code text}. */
  private static String shown(String text) {
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
  }

  /** {@code text} as a JSON string literal, so control characters show as escapes. */
  private static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /** Jackson's message without its source excerpt, on one line, with line and column. */
  private static String jacksonMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    message = message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    if (message.length() > 300) {
      message = message.substring(0, 300) + "…";
    }
    return message + at(e.getLocation());
  }

  private static String at(JsonLocation where) {
    if (where == null || where.getLineNr() < 1) {
      return "";
    }
    return " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }
}
