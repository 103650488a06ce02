package io.statecast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.dashboard.DashboardConfig;
import io.statecast.dashboard.GateModelSource;
import io.statecast.dashboard.StartFrom;
import io.statecast.serve.ServerConfig;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
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
    assertThat(c.engine()).isEqualTo(Engine.of(EngineKind.REFERENCE));
    assertThat(parse(Map.of(), "--registry", "r").config().engine()).isEqualTo(Engine.DEFAULT);
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
  void dashboardOptionsBecomeAValidatedDashboardConfig() throws Exception {
    DashboardConfig d =
        parse(
                Map.of(),
                "--registry",
                "reg",
                "--dashboard",
                "--kafka",
                "127.0.0.1:9092",
                "--dashboard-from",
                "earliest",
                "--forecasts-topic",
                "fc",
                "--dashboard-watch",
                "Belmont,Austin")
            .dashboardConfig();
    assertThat(d.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(d.watchedByDefault()).containsExactly("Belmont", "Austin");
    assertThat(d.startFrom()).isEqualTo(StartFrom.EARLIEST);
    assertThat(d.topics().forecasts()).isEqualTo("fc");
    assertThat(d.topics().observations()).isEqualTo("observations");
    assertThat(d.models()).isEqualTo(new GateModelSource.Registry(Path.of("reg"), null, null));

    DashboardConfig fixed =
        parse(
                Map.of(),
                "--registry",
                "reg",
                "--dashboard",
                "--kafka",
                "k:9092",
                "--dashboard-model",
                "models/m")
            .dashboardConfig();
    assertThat(fixed.models()).isEqualTo(new GateModelSource.Artifact(Path.of("models/m")));
    assertThat(fixed.format()).as("the default").isEqualTo(FormatSettings.AVRO);
    assertThat(parse(Map.of(), "--registry", "reg").dashboardConfig()).isNull();
  }

  @Test
  void theValueFormatOptionsSayHowTheDashboardDecodesTheTopics() throws Exception {
    String[] dashboard = {"--registry", "reg", "--dashboard", "--kafka", "k:9092"};
    assertThat(
            parse(Map.of(), with(dashboard, "--value-format", "json")).dashboardConfig().format())
        .isEqualTo(FormatSettings.JSON);

    Path schemas = Files.createDirectories(tmp.resolve("writer-schemas"));
    Files.writeString(schemas.resolve("forecast-v0.avsc"), "{}");
    assertThat(
            parse(Map.of(), with(dashboard, "--writer-schemas", schemas.toString()))
                .dashboardConfig()
                .format()
                .writerSchemas())
        .isEqualTo(schemas.toString());

    Path auth = tmp.resolve("registry-auth");
    Files.writeString(auth, "dash:board\n");
    FormatSettings registry =
        parse(
                Map.of(),
                with(
                    dashboard,
                    "--value-format",
                    "avro-registry",
                    "--schema-registry-url",
                    "http://registry:8081",
                    "--schema-registry-basic-auth-file",
                    auth.toString(),
                    "--schema-registry-timeout",
                    "2s"))
            .dashboardConfig()
            .format();
    assertThat(registry.format()).isEqualTo(ValueFormat.AVRO_REGISTRY);
    assertThat(registry.registry().url()).isEqualTo(URI.create("http://registry:8081"));
    assertThat(registry.registry().basicAuth()).isEqualTo("dash:board");
    assertThat(registry.registry().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void valueFormatOptionsWithoutTheDashboardOrTheirFormatAreRefused() {
    assertThatThrownBy(
            () -> parse(Map.of(), "--registry", "r", "--value-format", "json").dashboardConfig())
        .hasMessageContaining("need --dashboard");
    assertThatThrownBy(
            () ->
                parse(
                        Map.of(),
                        "--registry",
                        "r",
                        "--dashboard",
                        "--kafka",
                        "k:1",
                        "--value-format",
                        "avro-registry")
                    .dashboardConfig())
        .hasMessageContaining("needs --schema-registry-url");
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void dashboardOptionsThatCannotWorkAreRefusedWithAReason() {
    assertThatThrownBy(() -> parse(Map.of(), "--registry", "r", "--dashboard").dashboardConfig())
        .hasMessageContaining("--dashboard needs --bootstrap-servers");
    assertThatThrownBy(
            () -> parse(Map.of(), "--registry", "r", "--dashboard-model", "m").dashboardConfig())
        .hasMessageContaining("--dashboard-model needs --dashboard");
    assertThatThrownBy(
            () -> parse(Map.of(), "--registry", "r", "--dashboard-watch", "a").dashboardConfig())
        .hasMessageContaining("--dashboard-watch needs --dashboard");
    assertThatThrownBy(
            () ->
                parse(
                        Map.of(),
                        "--registry",
                        "r",
                        "--dashboard",
                        "--kafka",
                        "k:1",
                        "--forecasts-topic",
                        "observations")
                    .dashboardConfig())
        .hasMessageContaining("distinct");
  }

  @Test
  void servesUntilInterrupted() throws Exception {
    serve("/health", "--engine", "reference");
  }

  @Test
  void servesTheDashboardWhenAsked() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there once closed: Kafka stays unreachable
    }
    String out =
        serve(
            "/dashboard/",
            "--dashboard",
            "--kafka",
            "127.0.0.1:" + closed,
            "--engine",
            "reference");
    assertThat(out).containsPattern("dashboard: http://127\\.0\\.0\\.1:\\d+/dashboard/");
  }

  /** Runs {@code serve} with {@code args}, checks that {@code path} answers 200, interrupts it. */
  private String serve(String path, String... args) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl =
        CliErrors.install(new CommandLine(new ServeCommand()))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true));
    String[] all = new String[args.length + 4];
    all[0] = "--registry";
    all[1] = tmp.resolve("reg").toString();
    all[2] = "--port";
    all[3] = "0";
    System.arraycopy(args, 0, all, 4, args.length);
    int[] exit = {-1};
    Thread t = new Thread(() -> exit[0] = cl.execute(all));
    t.start();
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    await("serve to print where it listens")
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(out.toString()).containsPattern(listening));
    Matcher m = listening.matcher(out.toString());
    assertThat(m.find()).isTrue();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(m.group(1)).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    t.interrupt();
    t.join(30_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(exit[0]).isZero();
    return out.toString();
  }
}
