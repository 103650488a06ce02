package io.statecast.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.job.JobOptions;
import io.statecast.operator.ForecastOperatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StatecastTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Statecast.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void listsTheModelCommands() {
    assertThat(run("model", "--help")).isZero();
    assertThat(out.toString()).contains("import-torch", "import-onnx", "step", "describe");
  }

  /**
   * Picocli formats every help text with {@code String.format}: a lone {@code %} (as in "80% of")
   * makes it warn on stderr and print the raw text. Renders every command's help and checks that no
   * such warning appears.
   */
  @Test
  void everyHelpTextIsAValidFormatString() {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    List<String> commands = new ArrayList<>();
    try {
      renderHelp(Statecast.commandLine(), commands);
    } finally {
      System.setErr(stderr);
    }
    assertThat(commands).contains("statecast train", "statecast evaluate", "statecast model step");
    assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void renderHelp(CommandLine cl, List<String> commands) {
    commands.add(cl.getCommandSpec().qualifiedName());
    cl.getUsageMessage();
    cl.getSubcommands().values().forEach(sub -> renderHelp(sub, commands));
  }

  @Test
  void printsItsVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("statecast ");
  }

  @Test
  void missingOptionsAreAUsageErrorWithExitCode2() {
    assertThat(run("model", "step", "--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required options", "Usage: statecast model step");
  }

  @Test
  void enumOptionsAcceptAnyCase() {
    assertThat(
            run(
                "model",
                "step",
                "--model",
                "m",
                "--input",
                "i",
                "--out",
                "o",
                "--engine",
                "Reference"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("error: m is not a directory");
  }

  @Test
  void jobAndDemoShareTheBatchingOptions() {
    JobOptions options = new JobOptions();
    new CommandLine(options)
        .parseArgs(
            "--bootstrap-servers", "127.0.0.1:9092",
            "--model", "m",
            "--batch-size", "64",
            "--flush-interval", "20ms");
    ForecastOperatorConfig op = options.settings().operator();
    assertThat(op.batchSize()).isEqualTo(64);
    assertThat(op.flushInterval()).isEqualTo(Duration.ofMillis(20));
    for (String command : new String[] {"job", "demo"}) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--help")).isZero();
      assertThat(out.toString())
          .contains("--batch-size=<batchSize>", "--flush-interval=<flushInterval>", "default: 256");
    }
  }

  private static ForecastOperatorConfig jobOperator(String... more) {
    JobOptions options = new JobOptions();
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--bootstrap-servers", "127.0.0.1:9092", "--model", "m", "--engine", "DJL"));
    args.addAll(List.of(more));
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    return options.settings().operator();
  }

  @Test
  void stepsOverlapOnlyWhenAskedAndNeverWithResidentStates() {
    assertThat(jobOperator().overlapSteps()).isFalse();
    assertThat(jobOperator("--overlap-steps").overlapSteps()).isTrue();
    assertThatThrownBy(() -> jobOperator("--resident-keys", "1024", "--overlap-steps"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--overlap-steps")
        .hasMessageContaining("--resident-keys");
  }
}
