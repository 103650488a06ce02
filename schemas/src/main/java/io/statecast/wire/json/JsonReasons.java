package io.statecast.wire.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * How the JSON codec words its reasons: field paths, the value the parser is at, text shortened and
 * quoted, and Jackson's messages with line and column. Kept in one place so that the reader, the
 * scalar conversions and the codec's entry points say things the same way.
 */
final class JsonReasons {

  private static final int SHOWN_CHARS = 40;

  private JsonReasons() {}

  /** A refusal of the value the parser is at: the field, what it should be and what it is. */
  static Refused expected(JsonParser p, String path, String what) throws IOException {
    return new Refused(field(path) + "expected " + what + ", got " + got(p));
  }

  /** The start of a reason about the field at {@code path}. */
  static String field(String path) {
    return "field '" + path + "': ";
  }

  /** The path of member {@code name} of the record at {@code path} (empty: the top record). */
  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The value the parser is at, briefly: literals and numbers as written, text quoted. */
  static String got(JsonParser p) throws IOException {
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
  static String shown(String text) {
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
  }

  /** {@code text} as a JSON string literal, so control characters show as escapes. */
  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /** Jackson's message without its source excerpt, on one line, with line and column. */
  static String jacksonMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    message = message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s+", " ");
    if (message.length() > 300) {
      message = message.substring(0, 300) + "…";
    }
    return message + at(e.getLocation());
  }

  /** Where in the value, as {@code " (line L, column C)"}, or nothing if unknown. */
  static String at(JsonLocation where) {
    if (where == null || where.getLineNr() < 1) {
      return "";
    }
    return " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
  }
}
