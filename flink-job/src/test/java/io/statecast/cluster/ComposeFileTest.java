package io.statecast.cluster;

import static io.statecast.cluster.ComposeFile.compose;
import static io.statecast.cluster.ComposeFile.flinkProperties;
import static io.statecast.cluster.ComposeFile.interpolate;
import static io.statecast.cluster.ComposeFile.map;
import static io.statecast.cluster.ComposeFile.services;
import static io.statecast.cluster.ComposeFile.submitJob;
import static io.statecast.cluster.ComposeFile.volumes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statecast.job.JobCommand;
import io.statecast.sink.KafkaSinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docker-compose.yml} and {@code docker-compose.gpu.yml} agree with the build: image
 * versions are the POM's and every image is pinned, the images are targets of {@code
 * deploy/Dockerfile} (which {@link DockerfileTest} checks), the job jar is baked where the submit
 * script and Kubernetes look for it, the model and the admin token are made before they are needed,
 * every Flink setting is a real Flink option with a valid value (and the memory settings add up),
 * the job's arguments parse as {@code statecast job} options, and the paths the job uses are
 * mounted. Runs without Docker; {@link #dockerComposeConfigAcceptsTheFiles} also runs {@code
 * docker-compose config} where it is installed (it is skipped elsewhere).
 */
class ComposeFileTest {

  private static final Path ROOT = RepositoryFiles.root();
  private static final String JOB_JAR = "/opt/flink/usrlib/statecast-job.jar";
  private static final List<String> FLINK_SERVICES =
      List.of("jobmanager", "taskmanager-1", "taskmanager-2", "submit-job");
  private static final List<String> SERVER_SERVICES =
      List.of("model-init", "token-init", "model-server", "producer");

  @Test
  void imagesAreTheVersionsOfTheBuild() throws IOException {
    Map<String, Object> services = services(compose("docker-compose.yml"));
    String flink = "flink:" + RepositoryFiles.pomProperty("flink.version") + "-java17";
    String version = RepositoryFiles.projectVersion();
    assertThat(services.get("kafka"))
        .extracting("image")
        .isEqualTo("apache/kafka:" + RepositoryFiles.pomProperty("kafka.version"));
    assertThat(services.get("kafka-init"))
        .extracting("image")
        .isEqualTo("apache/kafka:" + RepositoryFiles.pomProperty("kafka.version"));
    DockerfileStages dockerfile = DockerfileStages.read(ROOT);
    for (String s : FLINK_SERVICES) {
      Map<String, Object> build = map(map(services.get(s)).get("build"));
      assertThat(build)
          .as(s)
          .containsEntry("context", ".")
          .containsEntry("dockerfile", DockerfileStages.PATH)
          .containsEntry("target", "flink");
      assertThat(build.get("args")).as(s).isEqualTo(Map.of("FLINK_IMAGE", flink));
      assertThat(map(services.get(s)).get("image")).as(s).isEqualTo("statecast/flink:" + version);
    }
    for (String s : SERVER_SERVICES) {
      assertThat(map(map(services.get(s)).get("build")))
          .as(s)
          .containsEntry("context", ".")
          .containsEntry("dockerfile", DockerfileStages.PATH)
          .containsEntry("target", "model-server")
          .doesNotContainKey("args");
      assertThat(map(services.get(s)).get("image"))
          .as(s)
          .isEqualTo("statecast/model-server:" + version);
    }
    assertThat(dockerfile.preamble()).contains("ARG FLINK_IMAGE=" + flink);
    assertThat(dockerfile.stage("flink")).startsWith("FROM ${FLINK_IMAGE} AS flink");
    assertThat(dockerfile.stage("model-server"))
        .startsWith("FROM ${RUNTIME_IMAGE} AS model-server");
  }

  @Test
  void everyServicesImageIsPinned() throws IOException {
    Pattern pinned = Pattern.compile("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
    services(compose("docker-compose.yml"))
        .forEach(
            (name, service) -> {
              String image = String.valueOf(map(service).get("image"));
              assertThat(image).as(name).matches(pinned);
              assertThat(image).as(name).doesNotEndWith(":latest");
            });
  }

  @Test
  void theJobJarIsBakedWhereTheSubmitScriptAndKubernetesLookForIt() throws IOException {
    assertThat(DockerfileStages.read(ROOT).stage("flink"))
        .contains(
            "COPY --from=build --chown=flink:flink /src/flink-job/target/statecast-job.jar "
                + JOB_JAR);
    assertThat(map(submitJob().get("environment")).get("STATECAST_JOB_JAR")).isEqualTo(JOB_JAR);
    assertThat(Files.readString(ROOT.resolve("deploy/flink/submit-job.sh")))
        .contains("jar=\"${STATECAST_JOB_JAR:-" + JOB_JAR + "}\"");
    services(compose("docker-compose.yml"))
        .forEach(
            (name, service) -> {
              Object volumes = map(service).get("volumes");
              if (volumes != null) {
                assertThat(volumes(map(service))).as(name).noneMatch(v -> v.contains("target/"));
              }
            });
  }

  @Test
  void modelInitTrainsTheSubmittedModelBeforeTheJobStarts() throws IOException {
    Map<String, Object> services = services(compose("docker-compose.yml"));
    Map<String, Object> init = map(services.get("model-init"));
    Map<String, Object> env = map(init.get("environment"));
    assertThat(init.get("entrypoint")).isEqualTo(List.of("/opt/statecast/bin/init-model.sh"));
    assertThat(volumes(init)).contains("models:/models", "./data:/opt/statecast/data:ro");
    String model = interpolate(String.valueOf(env.get("STATECAST_MODEL")));
    List<String> command = new ArrayList<>();
    for (Object o : (List<?>) submitJob().get("command")) {
      command.add(interpolate(o.toString()));
    }
    assertThat(command.get(command.indexOf("--model") + 1)).isEqualTo("/models/" + model);
    String data = interpolate(String.valueOf(env.get("STATECAST_TRAIN_DATA")));
    assertThat(ROOT.resolve("data").resolve(Path.of(data).getFileName())).exists();
    assertThat(map(map(submitJob().get("depends_on")).get("model-init")))
        .containsEntry("condition", "service_completed_successfully");
    assertThat(Files.readString(ROOT.resolve("deploy/model-server/init-model.sh")))
        .contains("STATECAST_MODEL:-" + model, "STATECAST_TRAIN_DATA:-" + data);
  }

  @Test
  void theAdminTokenIsGeneratedBeforeTheServerReadsIt() throws IOException {
    Map<String, Object> services = services(compose("docker-compose.yml"));
    Map<String, Object> init = map(services.get("token-init"));
    Map<String, Object> server = map(services.get("model-server"));
    List<?> args = (List<?>) server.get("command");
    String tokenFile = args.get(args.indexOf("--token-file") + 1).toString();
    assertThat(volumes(init)).contains("admin-token:" + Path.of(tokenFile).getParent());
    assertThat(volumes(server)).contains("admin-token:" + Path.of(tokenFile).getParent() + ":ro");
    assertThat(map(map(server.get("depends_on")).get("token-init")))
        .containsEntry("condition", "service_completed_successfully");
    assertThat(volumes(init)).contains("./deploy/secrets:/opt/statecast/given-secrets:ro");
    assertThat(ROOT.resolve("deploy/secrets")).isDirectory();
    assertThat(compose("docker-compose.yml")).doesNotContainKey("secrets");
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
    Map<String, ConfigOption<?>> known = RepositoryFiles.flinkOptions();
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
    assertThat(DockerfileStages.read(ROOT).stage("flink"))
        .contains(
            "COPY --from=build --chown=flink:flink /src/flink-job/target/flink-lib/ /opt/flink/lib/");
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
    Map<String, Object> submit = submitJob();
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
    // The CUDA images: the same target, only the build stage's Maven options differ.
    for (String s : FLINK_SERVICES) {
      assertThat(map(map(services.get(s)).get("build")))
          .as(s)
          .isEqualTo(Map.of("args", Map.of("STATECAST_MAVEN_ARGS", "-Pcuda")));
      assertThat(map(services.get(s)).get("image"))
          .as(s)
          .isEqualTo("statecast/flink:" + RepositoryFiles.projectVersion() + "-cuda");
    }
    String build = DockerfileStages.read(ROOT).stage("build");
    assertThat(build).contains("ARG STATECAST_MAVEN_ARGS=\"\"");
    assertThat(
            Pattern.compile("(?m)^RUN mvn .*\\$\\{STATECAST_MAVEN_ARGS}").matcher(build).results())
        .hasSize(2);
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

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
