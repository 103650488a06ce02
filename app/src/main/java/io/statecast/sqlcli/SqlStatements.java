package io.statecast.sqlcli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at the semicolons that end them: not inside a quoted string
 * ({@code '…'}, with {@code ''} as a quote), a quoted identifier ({@code `…`} or {@code "…"}), a
 * line comment ({@code --} to the end of the line) or a block comment ({@code /* … *}{@code /}).
 * Statements keep their comments; a piece that holds nothing but whitespace and comments is no
 * statement. The statements of a statement set — {@code BEGIN STATEMENT SET;} or {@code EXECUTE
 * STATEMENT SET BEGIN} up to {@code END;}, as Flink's SQL client writes it — become one {@code
 * EXECUTE STATEMENT SET BEGIN … END} statement, which {@code TableEnvironment.executeSql} runs as
 * one job.
 */
final class SqlStatements {

  private SqlStatements() {}

  /** The statements of {@code script}, in order, without their terminating semicolons. */
  static List<String> of(String script) {
    List<String> out = new ArrayList<>();
    List<String> set = null; // the statements of an open statement set
    for (String piece : split(script)) {
      String words = leadingWords(piece);
      if (set == null && isSetStart(words)) {
        set = new ArrayList<>();
        String rest = afterSetStart(piece);
        if (!leadingWords(rest).isEmpty()) {
          set.add(rest);
        }
      } else if (set != null && words.equals("END")) {
        out.add("EXECUTE STATEMENT SET\nBEGIN\n" + String.join(";\n", set) + ";\nEND");
        set = null;
      } else if (set != null) {
        set.add(piece.strip());
      } else {
        out.add(piece.strip());
      }
    }
    if (set != null) {
      throw new IllegalArgumentException("a statement set is not closed with END;");
    }
    return out;
  }

  private static boolean isSetStart(String words) {
    return words.startsWith("BEGIN STATEMENT SET") || words.startsWith("EXECUTE STATEMENT SET");
  }

  /** What follows {@code … STATEMENT SET [BEGIN]} in {@code piece} (the set's first INSERT). */
  private static String afterSetStart(String piece) {
    String code = stripComments(piece);
    String upper = code.toUpperCase(java.util.Locale.ROOT);
    int at = upper.indexOf("STATEMENT SET") + "STATEMENT SET".length();
    String rest = code.substring(at).strip();
    if (rest.toUpperCase(java.util.Locale.ROOT).startsWith("BEGIN")) {
      rest = rest.substring("BEGIN".length());
    }
    return rest.strip();
  }

  /** The statement's code without comments, its words upper case and single-spaced. */
  static String leadingWords(String statement) {
    return stripComments(statement)
        .strip()
        .replaceAll("\\s+", " ")
        .toUpperCase(java.util.Locale.ROOT);
  }

  /** The raw pieces between terminating semicolons (empty ones dropped). */
  private static List<String> split(String script) {
    List<String> pieces = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      int end = skip(script, i);
      if (end > i) {
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        addPiece(pieces, current);
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    addPiece(pieces, current);
    return pieces;
  }

  private static void addPiece(List<String> pieces, StringBuilder piece) {
    if (!stripComments(piece.toString()).isBlank()) {
      pieces.add(piece.toString());
    }
  }

  /**
   * The end of the quoted string, quoted identifier or comment starting at {@code i}, or {@code i}
   * when none starts there.
   */
  private static int skip(String s, int i) {
    char c = s.charAt(i);
    if (c == '\'' || c == '`' || c == '"') {
      int j = i + 1;
      while (j < s.length()) {
        if (s.charAt(j) == c) {
          if (j + 1 < s.length() && s.charAt(j + 1) == c) {
            j += 2; // a doubled quote stands for itself
            continue;
          }
          return j + 1;
        }
        j++;
      }
      return s.length();
    }
    if (s.startsWith("--", i)) {
      int eol = s.indexOf('\n', i);
      return eol < 0 ? s.length() : eol + 1;
    }
    if (s.startsWith("/*", i)) {
      int close = s.indexOf("*/", i + 2);
      return close < 0 ? s.length() : close + 2;
    }
    return i;
  }

  /** {@code text} with its comments replaced by spaces (quoted text kept). */
  static String stripComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int end = skip(text, i);
      if (end > i) {
        boolean comment = text.startsWith("--", i) || text.startsWith("/*", i);
        out.append(comment ? " " : text.substring(i, end));
        i = end;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }
}
