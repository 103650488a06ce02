package io.statecast.wire.json;

import static io.statecast.wire.json.JsonReasons.child;
import static io.statecast.wire.json.JsonReasons.quote;
import static io.statecast.wire.json.JsonReasons.shown;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Writes a record as one compact JSON object by its Avro schema, every field written ({@code null}
 * included), in the format {@link JsonCodec} describes. A record that does not conform to its
 * schema is an {@link IllegalArgumentException} naming the field: encoding is the job's own output,
 * so a bad record is a bug to report, not input to refuse.
 */
final class JsonRecordWriter {

  private final SpecificData model;
  private final Schema schema;
  private final JsonFactory json;

  JsonRecordWriter(SpecificData model, Schema schema, JsonFactory json) {
    this.model = model;
    this.schema = schema;
    this.json = json;
  }

  /**
   * {@code record} as a compact JSON object.
   *
   * @throws IllegalArgumentException if the record does not conform to the schema
   */
  byte[] encode(IndexedRecord record) {
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
}
