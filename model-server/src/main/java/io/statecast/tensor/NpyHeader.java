package io.statecast.tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} array: a Python dict literal such as {@code {'descr': '<f8',
 * 'fortran_order': False, 'shape': (20, 3, 4), }}.
 *
 * <p>NumPy reads it with {@code ast.literal_eval}; this parses the small subset NumPy writes
 * (strings, {@code True}/{@code False}, tuples of ints) with a strict recursive-descent parser and
 * nothing else. As in NumPy's {@code _read_array_header}, the keys must be exactly {@code descr},
 * {@code fortran_order} and {@code shape}; a one-element shape must be written {@code (n,)}, as
 * {@code (n)} is not a tuple in Python. The {@code L} suffix of Python 2 longs is accepted.
 *
 * @param descr the dtype descriptor, e.g. {@code <f8}
 * @param fortranOrder whether the data is stored column-major
 * @param shape the extents, checked later by {@link Shapes}
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  /**
   * Parses a header.
   *
   * @param where the file and entry, for messages
   */
  static NpyHeader parse(String text, String where) throws TensorFormatException {
    Map<String, Object> dict = new Parser(text, where).document();
    for (String key : dict.keySet()) {
      if (!KEYS.contains(key)) {
        throw new TensorFormatException(
            where + ": .npy header has an unexpected key '" + key + "'");
      }
    }
    for (String key : KEYS) {
      if (!dict.containsKey(key)) {
        throw new TensorFormatException(where + ": .npy header lacks the key '" + key + "'");
      }
    }
    if (!(dict.get("descr") instanceof String descr)) {
      throw new TensorFormatException(
          where + ": .npy descr is not a string (structured dtypes are not supported)");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new TensorFormatException(where + ": .npy fortran_order is not True or False");
    }
    if (!(dict.get("shape") instanceof long[] shape)) {
      throw new TensorFormatException(where + ": .npy shape is not a tuple of ints");
    }
    return new NpyHeader(descr, fortran, shape);
  }

  /**
   * The header text NumPy's {@code _write_array_header} writes for a C-order array, including the
   * spare spaces it leaves so the first extent can grow in place. Padding and the final newline are
   * added by the caller.
   */
  static String format(String descr, int[] shape) {
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': ";
    header += Shapes.text(shape) + ", }";
    if (shape.length > 0) {
      header += " ".repeat(21 - Integer.toString(shape[0]).length());
    }
    return header;
  }

  /** Recursive descent over the header text; {@code pos} is the next character. */
  private static final class Parser {
    private final String text;
    private final String where;
    private int pos;

    Parser(String text, String where) {
      this.text = text;
      this.where = where;
    }

    Map<String, Object> document() throws TensorFormatException {
      skipSpace();
      Map<String, Object> dict = dict();
      skipSpace();
      if (pos != text.length()) {
        throw error("unexpected text after the closing '}'");
      }
      return dict;
    }

    private Map<String, Object> dict() throws TensorFormatException {
      expect('{');
      Map<String, Object> dict = new LinkedHashMap<>();
      skipSpace();
      while (peek() != '}') {
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        if (dict.put(key, value()) != null) {
          throw error("key '" + key + "' appears twice");
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      pos++;
      return dict;
    }

    private Object value() throws TensorFormatException {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      } else if (c == '(') {
        return tuple();
      } else if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      } else if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      throw error("expected a string, True, False or a tuple of ints");
    }

    private String string() throws TensorFormatException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw error("expected a quoted string");
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0 || text.substring(pos + 1, end).indexOf('\\') >= 0) {
        throw error("unterminated string or string with escapes");
      }
      String s = text.substring(pos + 1, end);
      pos = end + 1;
      return s;
    }

    private long[] tuple() throws TensorFormatException {
      expect('(');
      skipSpace();
      List<Long> values = new ArrayList<>();
      boolean trailingComma = false;
      while (peek() != ')') {
        values.add(integer());
        skipSpace();
        trailingComma = peek() == ',';
        if (trailingComma) {
          pos++;
          skipSpace();
        } else if (peek() != ')') {
          throw error("expected ',' or ')' in the shape tuple");
        }
      }
      if (values.size() == 1 && !trailingComma) {
        throw error("(n) is not a tuple; a one-element shape is written (n,)");
      }
      pos++;
      return values.stream().mapToLong(Long::longValue).toArray();
    }

    private long integer() throws TensorFormatException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      while (peek() >= '0' && peek() <= '9') {
        pos++;
      }
      String digits = text.substring(start, pos);
      if (peek() == 'L' || peek() == 'l') {
        pos++; // a Python 2 long
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("expected an integer that fits 64 bits, found '" + digits + "'");
      }
    }

    private void expect(char c) throws TensorFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private TensorFormatException error(String problem) {
      String shown = text.strip();
      shown = shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
      String at = pos < text.length() ? "at character " + pos : "at the end";
      return new TensorFormatException(
          where + ": malformed .npy header, " + problem + " " + at + ": " + shown);
    }
  }
}
