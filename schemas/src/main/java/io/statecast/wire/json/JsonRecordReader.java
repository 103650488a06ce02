package io.statecast.wire.json;

import static io.statecast.wire.json.JsonReasons.child;
import static io.statecast.wire.json.JsonReasons.expected;
import static io.statecast.wire.json.JsonReasons.field;
import static io.statecast.wire.json.JsonReasons.quote;
import static io.statecast.wire.json.JsonReasons.shown;
import static io.statecast.wire.json.JsonScalars.readBase64;
import static io.statecast.wire.json.JsonScalars.readDouble;
import static io.statecast.wire.json.JsonScalars.readFloat;
import static io.statecast.wire.json.JsonScalars.readInt;
import static io.statecast.wire.json.JsonScalars.readLong;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Reads a JSON token stream into a record by its Avro schema: fields by name, absent members as
 * their defaults, unknown members skipped, arrays, maps, enums and unions of the format (see {@link
 * JsonCodec}). Scalars are converted by {@link JsonScalars}; anything that does not fit the schema
 * is a {@link Refused} naming the field. Stateless apart from the data model, so one reader serves
 * every call of its codec.
 */
final class JsonRecordReader {

  private final SpecificData model;

  JsonRecordReader(SpecificData model) {
    this.model = model;
  }

  /**
   * Reads the object the parser is at (on its {@code START_OBJECT}) as a record of {@code s}, up to
   * and including its {@code END_OBJECT}.
   */
  Object readRecord(JsonParser p, Schema s, String path) throws IOException, Refused {
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
}
