package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.SpecJson;
import io.statecast.data.KeyedSeries;
import io.statecast.testing.TestSeries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train} then {@code evaluate}, as a user runs them, on a small CSV with a bad row. */
class TrainEvaluateCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void trainsAModelAndWritesTheEvaluationReport() throws Exception {
    Path csv = tmp.resolve("weekly.csv");
    StringBuilder sb = new StringBuilder("key,date,value\n");
    for (KeyedSeries s : TestSeries.weekly(2, 200, 1).series()) {
      for (int t = 0; t < s.size(); t++) {
        LocalDate d =
            java.time.Instant.ofEpochMilli(s.time(t)).atOffset(ZoneOffset.UTC).toLocalDate();
        sb.append(s.key()).append(',').append(d).append(',').append(s.value(t)).append('\n');
        if (t == 5) {
          sb.append(s.key()).append(",not-a-date,1\n");
        }
      }
    }
    Files.writeString(csv, sb);
    Path model = tmp.resolve("model");
    int code =
        run(
            new TrainCommand(),
            "--data",
            csv.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "2",
            "--hidden",
            "6",
            "--set",
            "training.segment=40",
            "--set",
            "training.chunk=20",
            "--no-progress");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("2 bad rows skipped", "line 8: unknown date 'not-a-date'", "trained weekly")
        .contains("loss curve");
    assertThat(err.toString()).contains("epoch 1/2", "ETA");
    Path report = tmp.resolve("r/report.json");
    code =
        run(
            new EvaluateCommand(),
            "--model",
            model.toString(),
            "--data",
            csv.toString(),
            "--report",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("seasonal_naive", "2 keys scored");
    JsonNode json = SpecJson.mapper().readTree(report.toFile());
    for (String h : new String[] {"h1", "h7"}) {
      for (String m : new String[] {"model", "persistence", "seasonal_naive", "mean7", "ets"}) {
        JsonNode node = json.path(h).path(m);
        assertThat(node.path("n").asLong()).as(h + " " + m).isPositive();
        assertThat(node.path("mae").isNumber()).isTrue();
        assertThat(node.path("rmse").isNumber()).isTrue();
        assertThat(node.path("smape").isNumber()).isTrue();
        assertThat(node.path("mase").isNumber()).as(h + " " + m).isTrue();
      }
      for (String m :
          new String[] {"model", "persistence", "seasonal_naive", "mean7", "ets", "gbm"}) {
        JsonNode node = json.path(h).path(m);
        assertThat(node.path("coverage").path("80").isNumber()).as(h + " " + m).isTrue();
        assertThat(node.path("coverage").path("50").isNumber()).as(h + " " + m).isTrue();
        assertThat(node.path("pinball").asDouble()).as(h + " " + m).isPositive();
        assertThat(node.path("crps").asDouble()).isEqualTo(2 * node.path("pinball").asDouble());
      }
    }
    assertThat(out.toString()).contains("MASE", "cov80%", "cov50%", "gbm");

    // a chosen season and baselines
    code =
        run(
            new EvaluateCommand(),
            "--model",
            model.toString(),
            "--data",
            csv.toString(),
            "--season",
            "4",
            "--baselines",
            "persistence, mean",
            "--report",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    json = SpecJson.mapper().readTree(report.toFile());
    assertThat(json.path("h1").fieldNames())
        .toIterable()
        .containsExactly("model", "persistence", "mean4");

    code =
        run(
            new EvaluateCommand(),
            "--model",
            model.toString(),
            "--data",
            csv.toString(),
            "--baselines",
            "persistence,prophet");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("unknown baseline 'prophet'");
  }

  private int run(Object command, String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(command));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
