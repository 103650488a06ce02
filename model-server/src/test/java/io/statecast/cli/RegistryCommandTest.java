package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.registry.Archives;
import io.statecast.testing.ServingModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code statecast registry …} on a directory, as a user runs it. */
class RegistryCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = CliErrors.install(new CommandLine(new RegistryCommand()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void uploadListDescribePromoteRetire() throws Exception {
    String reg = tmp.resolve("reg").toString();
    Path v1 = tmp.resolve("v1");
    ServingModels.write(v1, "demo", 1, 1);
    Path v2 = tmp.resolve("v2");
    ServingModels.write(v2, "demo", 2, 2);
    Path tgz = tmp.resolve("v2.tar.gz");
    Files.write(tgz, Archives.tar(v2, "v2/", true));

    assertThat(run("upload", "--registry", reg, "--artifact", v1.toString())).isZero();
    assertThat(out.toString()).contains("added demo v1").contains("file:/");
    assertThat(run("upload", "--registry", reg, "--artifact", tgz.toString())).isZero();
    assertThat(
            run(
                "promote",
                "--registry",
                reg,
                "--model",
                "demo",
                "--version",
                "2",
                "--policy",
                "reset",
                "--note",
                "from the CLI"))
        .isZero();
    assertThat(out.toString()).contains("promoted demo v2 (RESET)").contains("log only");
    assertThat(run("retire", "--registry", reg, "--model", "demo", "--version", "1")).isZero();

    out.getBuffer().setLength(0);
    assertThat(run("list", "--registry", reg)).isZero();
    assertThat(out.toString()).contains("demo  serving: v2  versions: v1 (retired), v2");

    out.getBuffer().setLength(0);
    assertThat(run("describe", "--registry", reg, "--model", "demo", "--version", "2")).isZero();
    assertThat(out.toString()).contains("\"manifestSha256\"").contains("\"serving\" : true");
  }

  @Test
  void userErrorsAreOneLineAndExitCodeOne() throws Exception {
    String reg = tmp.resolve("reg").toString();
    Path v1 = tmp.resolve("v1");
    ServingModels.write(v1, "demo", 1, 1);
    assertThat(run("upload", "--registry", reg, "--artifact", v1.toString())).isZero();

    assertThat(run("upload", "--registry", reg, "--artifact", v1.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("error: model 'demo' already has version 1");
    assertThat(run("promote", "--registry", reg, "--model", "demo", "--version", "5")).isEqualTo(1);
    assertThat(err.toString()).contains("has no version 5").doesNotContain("\tat ");
  }
}
