package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.cell.EngineKind;
import io.statecast.serve.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code statecast serve}: options to a validated configuration, and a real start and stop. */
class ServeCommandTest {

  @TempDir Path tmp;

  private ServeCommand parse(Map<String, String> env, String... args) {
    ServeCommand cmd = new ServeCommand();
    cmd.env = env;
    new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return cmd;
  }

  @Test
  void optionsBecomeAValidatedConfig() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "cli-token-0123456789abcdef\n");
    ServerConfig c =
        parse(
                Map.of(),
                "--registry",
                tmp.toString(),
                "--port",
                "0",
                "--token-file",
                token.toString(),
                "--token-for-reads",
                "--engine",
                "reference",
                "--max-batch",
                "64",
                "--max-wait-ms",
                "5",
                "--rate-limit",
                "10",
                "--rate-burst",
                "20")
            .config();
    assertThat(c.port()).isZero();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.auth().admin().matches("cli-token-0123456789abcdef")).isTrue();
    assertThat(c.auth().tokenForReads()).isTrue();
    assertThat(c.engine()).isEqualTo(EngineKind.REFERENCE);
    assertThat(c.batching().maxBatch()).isEqualTo(64);
    assertThat(c.batching().maxWait()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.limits().rateBurst()).isEqualTo(20);
    assertThat(c.toString()).doesNotContain("cli-token");
  }

  @Test
  void theTokenMayComeFromTheEnvironment() throws Exception {
    ServerConfig c =
        parse(Map.of("STATECAST_TOKEN", "env-token-0123456789abcdef"), "--registry", "r").config();
    assertThat(c.auth().admin().matches("env-token-0123456789abcdef")).isTrue();
  }

  @Test
  void contradictoryOptionsAreRefusedWithAReason() {
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "r", "--tls-keystore", "k.p12").config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-password-file");
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "r", "--token-for-reads").config())
        .hasMessageContaining("admin token");
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "r", "--max-batch", "0").config())
        .hasMessageContaining("max batch");
  }

  @Test
  void servesUntilInterrupted() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl =
        CliErrors.install(new CommandLine(new ServeCommand())).setOut(new PrintWriter(out, true));
    int[] exit = {-1};
    Thread t =
        new Thread(
            () ->
                exit[0] =
                    cl.execute(
                        "--registry",
                        tmp.resolve("reg").toString(),
                        "--port",
                        "0",
                        "--engine",
                        "reference"));
    t.start();
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    Matcher m = listening.matcher("");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(m = listening.matcher(out.toString())).find() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(m.find(0)).as(out.toString()).isTrue();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(m.group(1)).resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(exit[0]).isZero();
  }
}
