package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code produce}'s options without a broker: registration and the errors a user can fix. */
class ProduceCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(new ProduceCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void theServerImageHasTheCommand() {
    assertThat(new CommandLine(new ServerCli()).getSubcommands()).containsKey("produce");
  }

  @Test
  void refusesWhatCannotWorkWithOneLine() throws Exception {
    Path csv = tmp.resolve("d.csv");
    Files.writeString(csv, "key,date,value\na,2024-01-01,1\n");
    assertThat(run("--input", csv.toString())).isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("--bootstrap-servers");

    err.getBuffer().setLength(0);
    assertThat(run("--input", tmp.resolve("none.csv").toString(), "--kafka", "localhost:1"))
        .isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("no such input file");

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "--input",
                csv.toString(),
                "--kafka",
                "localhost:1",
                "--input-format",
                "jsonl",
                "--key-column",
                "id"))
        .isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("for CSV input");

    err.getBuffer().setLength(0);
    assertThat(run("--input", csv.toString(), "--kafka", "localhost:1", "--key-column", "id"))
        .isEqualTo(CliErrors.USER_ERROR);
    assertThat(err.toString()).contains("no column 'id' (--key-column)");

    err.getBuffer().setLength(0);
    assertThat(run("--input", csv.toString(), "--kafka", "localhost:1", "--rate", "fast"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not a rate");
  }
}
