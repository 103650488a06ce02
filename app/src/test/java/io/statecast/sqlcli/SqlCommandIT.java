package io.statecast.sqlcli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.app.Statecast;
import io.statecast.artifact.ModelArtifact;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code statecast sql FILE} end to end on a local cluster: the file registers the function,
 * queries it over literal rows, prints the rows, and the command ends with exit code 0 when the
 * bounded query ends; a missing file is an error.
 */
class SqlCommandIT {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Statecast.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void printsTheRowsOfABoundedQueryAndEnds() throws Exception {
    ModelArtifact model =
        ModelArtifact.write(
            tmp.resolve("model"),
            RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1),
            Map.of());
    StringBuilder features = new StringBuilder("ARRAY[");
    for (int i = 0; i < StandardModels.INPUTS; i++) {
      features.append(i == 0 ? "" : ", ").append("CAST(").append(0.1 * i).append(" AS FLOAT)");
    }
    features.append("]");
    Path sql = tmp.resolve("query.sql");
    Files.writeString(
        sql,
        "-- two keys, one row each\n"
            + "CREATE FUNCTION STATECAST_FORECAST AS 'io.statecast.sql.ForecastFunction';\n"
            + "CREATE TEMPORARY VIEW obs AS SELECT * FROM (VALUES\n"
            + "  ('a', CAST(1704067200000 AS BIGINT), "
            + features
            + "),\n"
            + "  ('b', CAST(1704067200000 AS BIGINT), "
            + features
            + ")) AS t(`key`, eventTime, features);\n"
            + "SELECT `key`, steps, CARDINALITY(forecast) AS horizon, error\n"
            + "FROM STATECAST_FORECAST(input => TABLE obs PARTITION BY `key`, model => '"
            + model.directory()
            + "');\n");
    assertThat(run("sql", sql.toString())).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("[ok] CREATE FUNCTION", "key | steps | horizon | error")
        .contains("+I[a, 1, " + StandardModels.HORIZON + ", null]")
        .contains("+I[b, 1, " + StandardModels.HORIZON + ", null]");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThat(run("sql", tmp.resolve("none.sql").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("no such file");
  }
}
