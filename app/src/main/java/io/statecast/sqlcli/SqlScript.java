package io.statecast.sqlcli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a SQL script's statements ({@link SqlStatements}) one after the other on a table
 * environment, as Flink's SQL client runs a file: DDL, {@code SET}, {@code ADD JAR}, {@code CREATE
 * FUNCTION} and the like take effect at once ({@code SET} and {@code RESET} on the environment's
 * configuration, for the jobs submitted after them); an {@code INSERT} (or a statement set) is
 * submitted as a job and left running; a query ({@code SELECT}, {@code SHOW}, {@code EXPLAIN})
 * prints its rows as they come, which for an unbounded {@code SELECT} lasts until it is cancelled.
 */
public final class SqlScript {

  private SqlScript() {}

  /**
   * Runs {@code script}; what it prints goes to {@code out}.
   *
   * @return the jobs its {@code INSERT}s and statement sets submitted, still running
   * @throws org.apache.flink.table.api.ValidationException and the like, naming the statement that
   *     failed, when one does (the jobs submitted before it keep running)
   */
  public static List<JobClient> run(TableEnvironment tables, String script, PrintWriter out)
      throws Exception {
    List<JobClient> jobs = new ArrayList<>();
    for (String statement : SqlStatements.of(script)) {
      String words = SqlStatements.leadingWords(statement);
      if (configure(tables, statement, out)) {
        continue;
      }
      TableResult result;
      try {
        result = tables.executeSql(statement);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "statement failed: " + summary(words) + "\n" + e.getMessage(), e);
      }
      if (words.startsWith("INSERT") || words.startsWith("EXECUTE")) {
        JobClient job = result.getJobClient().orElseThrow();
        out.println("[submitted] job " + job.getJobID() + ": " + summary(words));
        jobs.add(job);
      } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
        print(result, out);
      } else {
        out.println("[ok] " + summary(words));
      }
      out.flush();
    }
    return jobs;
  }

  /**
   * Applies a {@code SET 'key' = 'value'} or {@code RESET ['key']} to the environment's
   * configuration, as the SQL client does (the table environment does not take them itself): it
   * applies to the jobs submitted after it.
   *
   * @return whether the statement was one of them
   */
  private static boolean configure(TableEnvironment tables, String statement, PrintWriter out) {
    String code = SqlStatements.stripComments(statement).strip();
    Matcher set = SET.matcher(code);
    if (set.matches()) {
      String key = unquote(set.group(1));
      tables.getConfig().set(key, unquote(set.group(2)));
      out.println("[set] " + key);
      return true;
    }
    Matcher reset = RESET.matcher(code);
    if (reset.matches()) {
      Configuration c = tables.getConfig().getConfiguration();
      if (reset.group(1) == null) {
        new java.util.ArrayList<>(c.keySet()).forEach(c::removeKey);
      } else {
        c.removeKey(unquote(reset.group(1)));
      }
      out.println("[reset] " + (reset.group(1) == null ? "all" : unquote(reset.group(1))));
      return true;
    }
    return false;
  }

  private static final Pattern SET =
      Pattern.compile("(?is)SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'");
  private static final Pattern RESET = Pattern.compile("(?is)RESET(?:\\s+'((?:[^']|'')*)')?");

  private static String unquote(String quoted) {
    return quoted.replace("''", "'");
  }

  /** Prints the column names, then every row as it comes. */
  private static void print(TableResult result, PrintWriter out) throws Exception {
    out.println(String.join(" | ", result.getResolvedSchema().getColumnNames()));
    try (CloseableIterator<Row> rows = result.collect()) {
      while (rows.hasNext()) {
        out.println(rows.next());
        out.flush();
      }
    }
  }

  private static String summary(String words) {
    return words.length() <= 100 ? words : words.substring(0, 97) + "...";
  }
}
