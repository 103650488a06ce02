package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statecast.job.JobCommand;
import io.statecast.sink.KafkaSinks;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * {@code docker-compose.yml} and {@code docker-compose.gpu.yml} agree with the build: image
 * versions are the POM's, every Flink setting is a real Flink option with a valid value (and the
 * memory settings add up), the job's arguments parse as {@code statecast job} options, and the
 * paths the job uses are mounted. Runs without Docker; {@link #dockerComposeConfigAcceptsTheFiles}
 * also runs {@code docker-compose config} where it is installed (it is skipped elsewhere).
 */
class ComposeFileTest {

  private static final Path ROOT = repositoryRoot();
  private static final Pattern DEFAULT = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

  @Test
  void imagesAreTheVersionsOfTheBuild() throws IOException {
    Map<String, Object> services = services(compose("docker-compose.yml"));
    String flink = "flink:" + pomProperty("flink.version") + "-java17";
    assertThat(services.get("kafka"))
        .extracting("image")
        .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
    assertThat(services.get("kafka-init"))
        .extracting("image")
        .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
    for (String s : List.of("jobmanager", "taskmanager-1", "taskmanager-2", "submit-job")) {
      assertThat(map(map(services.get(s)).get("build")).get("args"))
          .as(s)
          .isEqualTo(Map.of("FLINK_IMAGE", flink));
    }
    assertThat(Files.readString(ROOT.resolve("deploy/flink/Dockerfile")))
        .contains("ARG FLINK_IMAGE=" + flink);
  }

  @Test
  void kafkaIsOneCombinedNodeThatTheJobsTransactionsFit() throws IOException {
    Map<String, Object> env =
        map(map(services(compose("docker-compose.yml")).get("kafka")).get("environment"));
    assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    assertThatCode(() -> Uuid.fromString(env.get("CLUSTER_ID").toString()))
        .as("CLUSTER_ID is a Kafka UUID")
        .doesNotThrowAnyException();
    for (String rf :
        List.of(
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
      assertThat(env.get(rf)).as(rf).isEqualTo(1);
    }
    // The exactly-once sinks' transaction timeout must not exceed the broker's cap.
    assertThat(Long.parseLong(env.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS").toString()))
        .isGreaterThanOrEqualTo(Long.parseLong(KafkaSinks.DEFAULT_TRANSACTION_TIMEOUT_MS));
  }

  @Test
  void flinkPropertiesAreFlinkOptionsWithValidValues() throws Exception {
    Map<String, String> props = flinkProperties();
    Map<String, ConfigOption<?>> known = knownOptions();
    Configuration conf = Configuration.fromMap(props);
    List<String> reporters = List.of(props.getOrDefault("metrics.reporters", "").split(","));
    for (String key : props.keySet()) {
      Matcher reporter = Pattern.compile("metrics\\.reporter\\.([^.]+)\\..+").matcher(key);
      if (reporter.matches()) {
        assertThat(reporters).as(key).contains(reporter.group(1));
        continue;
      }
      assertThat(known).as("a Flink option: " + key).containsKey(key);
      assertThatCode(() -> conf.get(known.get(key))).as(key).doesNotThrowAnyException();
    }
    assertThatCode(() -> TaskExecutorProcessUtils.processSpecFromConfig(conf))
        .doesNotThrowAnyException();
    assertThatCode(() -> JobManagerProcessUtils.processSpecFromConfig(conf))
        .doesNotThrowAnyException();
    // The job jar (≈150 MB) must pass the REST server's request limit.
    assertThat(conf.get(RestOptions.SERVER_MAX_CONTENT_LENGTH)).isGreaterThan(300 << 20);
  }

  @Test
  void djlLoadsFromTheImagesLibThroughTheParentClassLoader() throws IOException {
    // Its native library loads into one class loader per JVM: the user-code class loader of a
    // second job (a resubmission, an upgrade) could not load it again (StandaloneClusterIT).
    assertThat(flinkProperties())
        .containsEntry("classloader.parent-first-patterns.additional", "ai.djl.");
    assertThat(Files.readString(ROOT.resolve("deploy/flink/Dockerfile")))
        .contains("COPY flink-job/target/flink-lib/ /opt/flink/lib/");
    assertThat(Files.readString(ROOT.resolve(".dockerignore")))
        .contains("!flink-job/target/flink-lib/");
  }

  @Test
  void theProducerReplaysAMountedDataSetWithValidProduceOptions() throws IOException {
    Map<String, Object> producer = map(services(compose("docker-compose.yml")).get("producer"));
    List<String> args = new ArrayList<>();
    for (Object o : (List<?>) producer.get("command")) {
      args.add(interpolate(o.toString()));
    }
    assertThat(args.get(0)).isEqualTo("produce");
    List<String> options = args.subList(1, args.size());
    assertThatCode(
            () ->
                new CommandLine(new io.statecast.cli.ProduceCommand())
                    .setCaseInsensitiveEnumValuesAllowed(true) // as the command lines do
                    .parseArgs(options.toArray(String[]::new)))
        .doesNotThrowAnyException();
    String input = options.get(options.indexOf("--input") + 1);
    assertThat(volumes(producer)).contains("./data:/opt/statecast/data:ro");
    assertThat(ROOT.resolve("data").resolve(Path.of(input).getFileName())).exists();
    assertThat(map(producer).get("image"))
        .isEqualTo(map(services(compose("docker-compose.yml")).get("model-server")).get("image"));
  }

  @Test
  void theSubmittedJobArgumentsAreJobOptionsOnMountedPaths() throws IOException {
    Map<String, Object> submit = map(services(compose("docker-compose.yml")).get("submit-job"));
    List<String> command = new ArrayList<>();
    for (Object o : (List<?>) submit.get("command")) {
      command.add(interpolate(o.toString()));
    }
    assertThat(command.get(0)).isEqualTo("/opt/statecast/bin/submit-job.sh");
    List<String> args = new ArrayList<>(command.subList(1, command.size()));
    args.addAll(List.of("--parallelism", "2"));
    assertThatCode(() -> new CommandLine(new JobCommand()).parseArgs(args.toArray(String[]::new)))
        .doesNotThrowAnyException();
    String model = args.get(args.indexOf("--model") + 1);
    assertThat(volumes(submit)).anyMatch(v -> model.startsWith(v.split(":")[1] + "/"));
    assertThat(volumes(submit))
        .contains("./flink-job/target/statecast-job.jar:/opt/statecast/statecast-job.jar:ro");
    String checkpoints = args.get(args.indexOf("--checkpoint-dir") + 1);
    assertThat(checkpoints).isEqualTo(flinkProperties().get("execution.checkpointing.dir"));
    for (String s : List.of("jobmanager", "taskmanager-1", "taskmanager-2")) {
      Map<String, Object> service = map(services(compose("docker-compose.yml")).get(s));
      assertThat(volumes(service))
          .as(s)
          .contains("checkpoints:" + checkpoints.substring("file://".length()))
          .anyMatch(v -> model.startsWith(v.split(":")[1] + "/"));
    }
  }

  @Test
  void theGpuOverrideReservesNvidiaGpusForTheTaskManagersAndStepsOnThem() throws IOException {
    Map<String, Object> services = services(compose("docker-compose.gpu.yml"));
    for (String s : List.of("taskmanager-1", "taskmanager-2")) {
      Object devices =
          map(map(map(map(services.get(s)).get("deploy")).get("resources")).get("reservations"))
              .get("devices");
      assertThat((List<?>) devices)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(map(d)).containsEntry("driver", "nvidia");
                assertThat(map(d).get("capabilities")).isEqualTo(List.of("gpu"));
              });
    }
    assertThat(map(map(services.get("submit-job")).get("environment")).get("STATECAST_JOB_ARGS"))
        .asString()
        .startsWith("--gpu --resident-keys 262144");
  }

  @Test
  void dockerComposeConfigAcceptsTheFiles() throws Exception {
    assumeTrue(
        onPath("docker-compose"),
        "docker-compose is not installed (Debian: apt-get install docker-compose)");
    Process p =
        new ProcessBuilder("bash", ROOT.resolve("deploy/validate-compose.sh").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    System.out.print(out);
    assertThat(p.exitValue()).as(out).isZero();
  }

  // ---- helpers

  private static Map<String, String> flinkProperties() throws IOException {
    Map<String, Object> env =
        map(map(services(compose("docker-compose.yml")).get("jobmanager")).get("environment"));
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : env.get("FLINK_PROPERTIES").toString().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String value = line.substring(colon + 1).trim();
      assertThat(value).as("the image's entrypoint strips spaces: " + line).doesNotContain(" ");
      props.put(line.substring(0, colon).trim(), value);
    }
    return props;
  }

  private static Map<String, ConfigOption<?>> knownOptions() throws IllegalAccessException {
    Map<String, ConfigOption<?>> known = new LinkedHashMap<>();
    for (Class<?> c :
        List.of(
            CoreOptions.class,
            JobManagerOptions.class,
            TaskManagerOptions.class,
            RestOptions.class,
            CheckpointingOptions.class,
            StateBackendOptions.class,
            MetricOptions.class,
            HeartbeatManagerOptions.class,
            BlobServerOptions.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && ConfigOption.class.isAssignableFrom(f.getType())) {
          ConfigOption<?> o = (ConfigOption<?>) f.get(null);
          known.put(o.key(), o);
        }
      }
    }
    return known;
  }

  private static Map<String, Object> compose(String file) throws IOException {
    return new Yaml().load(Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8));
  }

  private static Map<String, Object> services(Map<String, Object> compose) {
    return map(compose.get("services"));
  }

  private static List<String> volumes(Map<String, Object> service) {
    return ((List<?>) service.get("volumes")).stream().map(v -> interpolate(v.toString())).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  /** Compose's {@code ${VAR:-default}} with every variable unset. */
  private static String interpolate(String s) {
    return DEFAULT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
  }

  private static String pomProperty(String name) throws IOException {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(m.find()).as(name + " in pom.xml").isTrue();
    return m.group(1);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
