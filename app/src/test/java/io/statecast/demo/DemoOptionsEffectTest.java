package io.statecast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.cell.Engine;
import io.statecast.job.KafkaSettings;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of {@code statecast demo} has an effect: set to a value other than its default, it
 * changes what is replayed, through which model, or the settings the demo runs with (and so the job
 * it submits, and its Kafka settings: the value format). The settings reach the broker, cluster,
 * job, server and replay in {@link EmbeddedDemo}, which {@link DemoIT} runs. An option without a
 * case here fails the test.
 */
class DemoOptionsEffectTest {

  private static final Path MODEL = Path.of("/models/m");
  private static final Path WORK = Path.of("/work/demo-1");
  private static final List<String> FIRST_KEYS = List.of("a", "b", "c");
  private static final List<String> REGISTRY =
      List.of("--value-format", "avro-registry", "--schema-registry-url", "http://127.0.0.1:8081");

  @TempDir static Path files;

  /** Files the format options read: a writer schema directory and the registry's secrets. */
  @BeforeAll
  static void writeFiles() throws IOException {
    Files.createDirectories(files.resolve("schemas"));
    Files.writeString(
        files.resolve("schemas/observation-v0.avsc"),
        "{\"type\":\"record\",\"name\":\"Observation\",\"namespace\":\"io.statecast.avro\","
            + "\"fields\":[{\"name\":\"key\",\"type\":\"string\"}]}");
    Files.writeString(files.resolve("basic-auth"), "demo:secret\n");
    Files.writeString(files.resolve("token"), "a-token\n");
  }

  /** Options set away from their defaults; each list is added to a plain {@code demo}. */
  private static Map<String, List<List<String>>> cases() {
    Map<String, List<List<String>>> c = new TreeMap<>();
    c.put("--dataset", List.of(List.of(), List.of("--dataset", "chicago")));
    c.put("--speed", List.of(List.of(), List.of("--speed", "max")));
    c.put("--duration", List.of(List.of(), List.of("--duration", "30s")));
    c.put("--model", List.of(List.of(), List.of("--model", "/models/other")));
    c.put(
        "--keys",
        List.of(
            List.of("--dataset", "synthetic"), List.of("--dataset", "synthetic", "--keys", "50")));
    c.put("--parallelism", List.of(List.of(), List.of("--parallelism", "1")));
    c.put("--batch-size", List.of(List.of(), List.of("--batch-size", "32")));
    c.put("--flush-interval", List.of(List.of(), List.of("--flush-interval", "50ms")));
    c.put("--checkpoint-interval", List.of(List.of(), List.of("--checkpoint-interval", "5s")));
    c.put("--web-port", List.of(List.of(), List.of("--web-port", "0")));
    c.put("--server-port", List.of(List.of(), List.of("--server-port", "0")));
    c.put("--engine", List.of(List.of(), List.of("--engine", "djl")));
    c.put("--kernel-threads", List.of(List.of(), List.of("--kernel-threads", "2")));
    c.put("--gpu", List.of(List.of("--engine", "djl"), List.of("--engine", "djl", "--gpu")));
    c.put("--show", List.of(List.of(), List.of("--show", "x,y")));
    c.put("--keep-running", List.of(List.of(), List.of("--keep-running")));
    c.put("--value-format", List.of(List.of(), List.of("--value-format", "json")));
    c.put(
        "--writer-schemas",
        List.of(List.of(), List.of("--writer-schemas", files.resolve("schemas").toString())));
    c.put(
        "--schema-registry-url",
        List.of(
            REGISTRY,
            List.of(
                "--value-format",
                "avro-registry",
                "--schema-registry-url",
                "http://registry.example:8081")));
    c.put(
        "--schema-registry-basic-auth-file",
        List.of(
            REGISTRY,
            plus(
                REGISTRY,
                "--schema-registry-basic-auth-file",
                files.resolve("basic-auth").toString())));
    c.put(
        "--schema-registry-token-file",
        List.of(
            REGISTRY,
            plus(REGISTRY, "--schema-registry-token-file", files.resolve("token").toString())));
    c.put(
        "--schema-registry-truststore",
        List.of(REGISTRY, plus(REGISTRY, "--schema-registry-truststore", "/etc/registry.p12")));
    c.put(
        "--schema-registry-timeout",
        List.of(REGISTRY, plus(REGISTRY, "--schema-registry-timeout", "3s")));
    return c;
  }

  private static List<String> plus(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void everyOptionHasACase() {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : new CommandLine(new DemoCommand()).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        names.add(o.longestName());
      }
    }
    assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void everyOptionChangesWhatTheDemoRuns() {
    assertThat(plan(List.of())).isEqualTo(plan(List.of()));
    List<String> without = new ArrayList<>();
    cases()
        .forEach(
            (name, pair) -> {
              if (plan(pair.get(0)).equals(plan(pair.get(1)))) {
                without.add(name);
              }
            });
    assertThat(without).as("options parsed without an effect").isEmpty();
  }

  @Test
  void optionsThatCannotApplyAreRefusedWithAReason() {
    assertThatThrownBy(() -> plan(List.of("--keys", "50")))
        .hasMessageContaining("--keys sets the size of the synthetic data set");
    assertThatThrownBy(() -> plan(List.of("--speed", "fast")))
        .hasMessageContaining("--speed must be a positive number");
    assertThatThrownBy(() -> plan(List.of("--server-port", "70000")))
        .hasMessageContaining("--server-port must be 0 to 65535");
    assertThatThrownBy(() -> plan(List.of("--value-format", "avro-registry")))
        .hasMessageContaining("needs --schema-registry-url");
    assertThatThrownBy(() -> plan(List.of("--schema-registry-url", "http://127.0.0.1:8081")))
        .hasMessageContaining("need --value-format avro-registry");
    assertThatThrownBy(() -> plan(List.of("--value-format", "xml"))).hasMessageContaining("xml");
  }

  @Test
  void theValueFormatReachesTheJobTheReplayTheWatcherAndTheDashboard() {
    Plan json = plan(List.of("--value-format", "json"));
    assertThat(json.settings().format()).isEqualTo(FormatSettings.JSON);
    assertThat(json.kafka().valueFormat()).isEqualTo(FormatSettings.JSON);
    Plan registry = plan(plus(REGISTRY, "--schema-registry-timeout", "3s"));
    assertThat(registry.kafka().valueFormat().format()).isEqualTo(ValueFormat.AVRO_REGISTRY);
    assertThat(registry.kafka().valueFormat().registry().url().toString())
        .isEqualTo("http://127.0.0.1:8081");
    assertThat(registry.kafka().valueFormat().registry().timeout())
        .isEqualTo(java.time.Duration.ofSeconds(3));
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    Plan p = plan(List.of());
    assertThat(p.source().dataset()).isEqualTo("wind");
    assertThat(p.settings().eventsPerSecond()).isEqualTo(2000);
    assertThat(p.settings().serverPort()).as("8080, or a free port when taken").isNull();
    assertThat(p.settings().showKeys()).isEqualTo(FIRST_KEYS);
    assertThat(p.settings().engine()).isEqualTo(Engine.DEFAULT);
    assertThat(p.settings().format()).isEqualTo(FormatSettings.AVRO);
    assertThat(p.kafka().valueFormat()).isEqualTo(FormatSettings.AVRO);
  }

  private record Plan(
      DemoCommand.DemoSource source,
      DemoSettings settings,
      io.statecast.job.JobSettings job,
      KafkaSettings kafka) {}

  private static Plan plan(List<String> args) {
    DemoCommand command = new DemoCommand();
    new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(args.toArray(String[]::new));
    DemoSettings settings;
    try {
      settings = command.settings(MODEL, WORK, FIRST_KEYS, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Plan(
        command.source(),
        settings,
        EmbeddedDemo.jobSettings(settings),
        EmbeddedDemo.kafkaSettings(settings, "127.0.0.1:9092"));
  }
}
