package io.statecast.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Reading fields of a parsed JSON request, each failure a 400 naming the field. */
final class RequestJson {

  private RequestJson() {}

  /** {@code node} as an object; 400 if it is not one. */
  static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(what + " must be a JSON object");
    }
    return node;
  }

  /** Refuses fields other than {@code known}, to catch typos. */
  static void onlyFields(JsonNode object, Set<String> known, String what) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw ApiException.badRequest(
            what + " has an unknown field '" + abbreviate(n) + "' (known: " + known + ")");
      }
    }
  }

  /** An optional string field; null if absent or null. */
  static String optionalText(JsonNode object, String field, String what) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest(what + "." + field + " must be a string");
    }
    return n.asText();
  }

  /** A required integer field that fits in a long. */
  static long requiredLong(JsonNode object, String field, String what) {
    JsonNode n = object.get(field);
    if (n == null || n.isNull()) {
      throw ApiException.badRequest(what + "." + field + " is missing");
    }
    return integer(n, what + "." + field);
  }

  /** {@code n} as a long; 400 unless it is an integer number in range. */
  static long integer(JsonNode n, String what) {
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.badRequest(what + " must be an integer, got " + kind(n));
    }
    return n.longValue();
  }

  /** {@code n} as a finite float; 400 unless it is a number within float range. */
  static float finiteFloat(JsonNode n, String what) {
    if (n == null || !n.isNumber()) {
      throw ApiException.badRequest(what + " must be a number, got " + kind(n));
    }
    float v = n.floatValue();
    if (!Float.isFinite(v)) {
      throw ApiException.badRequest(what + " is out of the float32 range: " + n.asText());
    }
    return v;
  }

  /** A short description of a JSON value's type, for messages. */
  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case NUMBER -> "the number " + abbreviate(n.asText());
      default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 64 ? clean : clean.substring(0, 61) + "...";
  }
}
