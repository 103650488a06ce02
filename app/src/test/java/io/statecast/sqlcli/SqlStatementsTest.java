package io.statecast.sqlcli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    List<String> s =
        SqlStatements.of(
            "-- a comment; not a statement\n"
                + "CREATE TABLE t (`a;b` STRING) WITH ('x' = 'it''s; here');\n"
                + "/* block; comment */ SELECT \"c;d\" FROM t;\n"
                + "  ;  -- trailing\n");
    assertThat(s).hasSize(2);
    assertThat(s.get(0)).endsWith("WITH ('x' = 'it''s; here')");
    assertThat(SqlStatements.leadingWords(s.get(1))).isEqualTo("SELECT \"C;D\" FROM T");
  }

  @Test
  void aStatementSetBecomesOneStatement() {
    String sql =
        "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n-- second\nINSERT INTO b SELECT 2;\nEND;";
    assertThat(SqlStatements.of(sql))
        .containsExactly(
            "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\n-- second\nINSERT INTO b"
                + " SELECT 2;\nEND");
    assertThat(SqlStatements.of("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;"))
        .containsExactly("EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\nEND");
  }

  @Test
  void anOpenStatementSetIsRefused() {
    assertThatThrownBy(() -> SqlStatements.of("BEGIN STATEMENT SET; INSERT INTO a SELECT 1;"))
        .hasMessageContaining("END");
  }

  @Test
  void theQuickStartHasItsStatementsInOrder() throws Exception {
    List<String> words =
        SqlStatements.of(Files.readString(Path.of("..", "docs", "sql", "quickstart.sql"))).stream()
            .map(SqlStatements::leadingWords)
            .map(w -> w.split(" ")[0] + " " + w.split(" ")[1])
            .toList();
    assertThat(words)
        .containsExactly(
            "SET 'EXECUTION.CHECKPOINTING.INTERVAL'",
            "SET 'PIPELINE.NAME'",
            "CREATE FUNCTION",
            "CREATE TABLE",
            "CREATE TABLE",
            "CREATE TABLE",
            "EXECUTE STATEMENT");
  }
}
