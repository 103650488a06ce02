package io.statecast.cluster;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: every identifier that is neither a function, an
 * aggregation or a keyword, nor inside a label matcher, a string, a range or a grouping clause.
 * Enough of PromQL for the dashboard and the alert rules (selectors, functions, aggregations with
 * {@code by}/{@code without}, binary operators with {@code on}/{@code ignoring}/{@code group_left},
 * ranges, {@code offset}); it does not check the syntax.
 */
final class PromQl {

  /** Series that Prometheus itself writes for every target, not any exporter. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern TOKEN =
      Pattern.compile("(?<number>\\d[\\w.]*)|(?<var>\\$\\w+)|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromQl() {}

  /** The metric names {@code expr} selects, in order of appearance. */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll(" ");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find()) {
      String ident = m.group("ident");
      if (ident == null || KEYWORDS.contains(ident) || isCall(s, m.end())) {
        continue;
      }
      names.add(ident);
    }
    return names;
  }

  private static boolean isCall(String s, int end) {
    int i = end;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '(';
  }
}
