package io.statecast.wire.json;

import static io.statecast.wire.json.JsonReasons.expected;
import static io.statecast.wire.json.JsonReasons.field;
import static io.statecast.wire.json.JsonReasons.quote;
import static io.statecast.wire.json.JsonReasons.shown;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Reads the scalar JSON values of the format: integers in the range of {@code int} and {@code
 * long}, epoch milliseconds or ISO-8601 text for {@code long}, floats and doubles refused beyond
 * their type's range (the tokens {@code NaN}, {@code Infinity} and {@code -Infinity} read as they
 * are), and base64 text for bytes. Each method reads the token the parser is at and refuses, naming
 * the field, what it cannot convert.
 */
final class JsonScalars {

  private JsonScalars() {}

  static int readInt(JsonParser p, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw expected(p, path, "an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new Refused(field(path) + shown(p.getText()) + " is beyond the range of int");
    }
    return p.getIntValue();
  }

  static long readLong(JsonParser p, String path) throws IOException, Refused {
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

  static float readFloat(JsonParser p, String path) throws IOException, Refused {
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

  static double readDouble(JsonParser p, String path) throws IOException, Refused {
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

  static byte[] readBase64(JsonParser p, String path) throws IOException, Refused {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw expected(p, path, "base64 text");
    }
    try {
      return Base64.getDecoder().decode(p.getText());
    } catch (IllegalArgumentException e) {
      throw new Refused(field(path) + "not base64: " + e.getMessage());
    }
  }
}
