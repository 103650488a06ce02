package io.statecast.cluster;

import static io.statecast.cluster.KubernetesManifests.DIR;
import static io.statecast.cluster.KubernetesManifests.ROOT;
import static io.statecast.cluster.KubernetesManifests.composeService;
import static io.statecast.cluster.KubernetesManifests.env;
import static io.statecast.cluster.KubernetesManifests.one;
import static io.statecast.cluster.KubernetesManifests.strings;
import static io.statecast.cluster.KubernetesManifests.volumeAt;
import static io.statecast.cluster.RepositoryFiles.pomProperty;
import static io.statecast.cluster.RepositoryFiles.projectVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.cli.ServeCommand;
import io.statecast.job.ForecastJobMain;
import io.statecast.job.JobCommand;
import io.statecast.job.JobOptions;
import io.statecast.job.KafkaSettings;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * deploy/kubernetes agrees with the build and with itself: the job's and the model server's
 * arguments parse as their commands' options, the files they name are mounted, the Kafka topics are
 * the job's (as docker-compose.yml creates them), the Kafka user may do what the job and the server
 * do, the images and Flink version are the build's. {@link KubernetesFlinkConfigurationTest} checks
 * the Flink settings.
 */
class KubernetesDeploymentTest {

  static final JsonNode FLINK = one("FlinkDeployment", "statecast");
  static final JsonNode SERVER = one("Deployment", "statecast-model-server");

  @Test
  void theJobsArgumentsAreJobOptionsOnMountedFiles() {
    CommandSpec job = jobCommand();
    // The operator merges the pod template into the container of this name.
    assertThat(flinkContainer().path("name").asText()).isEqualTo("flink-main-container");
    assertThat(FLINK.path("spec").path("job").path("entryClass").asText())
        .isEqualTo(ForecastJobMain.class.getName());
    String properties = value(job, "--kafka-properties-file");
    assertThat(configMapFile(FLINK.path("spec").path("podTemplate").path("spec"), properties))
        .isEqualTo("statecast-kafka-client");
    // The model on S3, through the S3 file system that the pods enable.
    assertThat(value(job, "--model")).startsWith("s3://");
    assertThat(env(flinkContainer(), "ENABLE_BUILT_IN_PLUGINS")).contains("flink-s3-fs-");
    // Checkpoints are the cluster's (flinkConfiguration), not the job's own.
    assertThat((Object) job.findOption("--checkpoint-dir").getValue()).isNull();
    assertThat((Object) job.findOption("--state-backend").getValue()).isNull();
  }

  @Test
  void theJobsOptionsMakeItsTypedSettingsWithTheConfigMapsKafkaSettings(@TempDir Path dir)
      throws IOException {
    // The arguments as the JobManager runs them, the properties file being the ConfigMap's.
    String config =
        one("ConfigMap", "statecast-kafka-client").path("data").path("client.properties").asText();
    Path file = Files.writeString(dir.resolve("client.properties"), config);
    List<String> args = new ArrayList<>(strings(FLINK.path("spec").path("job").path("args")));
    args.set(args.indexOf("--kafka-properties-file") + 1, file.toString());
    CommandLine cl = new CommandLine(new JobCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.parseArgs(args.toArray(String[]::new));
    JobOptions options = (JobOptions) cl.getCommandSpec().mixins().get("options").userObject();
    assertThatCode(options::settings).doesNotThrowAnyException();
    KafkaSettings kafka = options.kafka();
    assertThat(kafka.clientProperties())
        .isEqualTo(clientProperties(one("ConfigMap", "statecast-kafka-client")));
    List<String> topics =
        List.of(
            kafka.observationsTopic(),
            kafka.forecastsTopic(),
            kafka.deadLettersTopic(),
            kafka.lateEventsTopic(),
            kafka.anomaliesTopic(),
            kafka.modelUpdatesTopic());
    assertThat(
            KubernetesManifests.ofKind("KafkaTopic").stream().map(KubernetesDeploymentTest::name))
        .containsExactlyInAnyOrderElementsOf(topics);
  }

  @Test
  void theTopicsHaveDockerComposesPartitionsAndConfigs() {
    Map<String, JsonNode> topics = new TreeMap<>();
    KubernetesManifests.ofKind("KafkaTopic").forEach(t -> topics.put(name(t), t));
    Map<String, Integer> compose = composeTopicPartitions();
    assertThat(topics.keySet()).isEqualTo(compose.keySet());
    for (Map.Entry<String, JsonNode> t : topics.entrySet()) {
      assertThat(t.getValue().path("spec").path("partitions").asInt())
          .as(t.getKey())
          .isEqualTo(compose.get(t.getKey()));
    }
    JsonNode updates = topics.get("model-updates").path("spec");
    assertThat(updates.path("config").path("cleanup.policy").asText()).isEqualTo("compact");
    // Every source subtask has a partition of observations to read.
    assertThat(topics.get("observations").path("spec").path("partitions").asInt())
        .isGreaterThanOrEqualTo(FLINK.path("spec").path("job").path("parallelism").asInt());
  }

  @Test
  void theJobAndTheServerReachStrimzisBootstrapServiceOfTheTopicsCluster() {
    String cluster = name(KubernetesManifests.ofKind("KafkaTopic").get(0), "strimzi.io/cluster");
    List<JsonNode> strimzi = new ArrayList<>(KubernetesManifests.ofKind("KafkaTopic"));
    strimzi.addAll(KubernetesManifests.ofKind("KafkaUser"));
    strimzi.forEach(r -> assertThat(name(r, "strimzi.io/cluster")).as(name(r)).isEqualTo(cluster));
    String namespace =
        ManifestSchemas.documents(DIR.resolve("strimzi/kustomization.yaml"))
            .get(0)
            .path("namespace")
            .asText();
    String bootstrap = cluster + "-kafka-bootstrap." + namespace + ".svc:9092";
    assertThat(value(jobCommand(), "--bootstrap-servers")).isEqualTo(bootstrap);
    assertThat(value(serveCommand(), "--bootstrap-servers")).isEqualTo(bootstrap);
  }

  @Test
  void imagesJarAndFlinkVersionAreTheBuilds() throws IOException {
    String flink = pomProperty("flink.version");
    String[] v = flink.split("\\.");
    assertThat(FLINK.path("spec").path("flinkVersion").asText()).isEqualTo("v" + v[0] + "_" + v[1]);
    assertThat(env(flinkContainer(), "ENABLE_BUILT_IN_PLUGINS"))
        .isEqualTo("flink-s3-fs-presto-" + flink + ".jar");
    String version = projectVersion();
    assertThat(FLINK.path("spec").path("image").asText()).isEqualTo("statecast/flink:" + version);
    assertThat(serverContainer().path("image").asText())
        .isEqualTo("statecast/model-server:" + version)
        .isEqualTo(composeService("model-server").path("image").asText());
    // The image contract: the job jar baked in at this path (deploy/Dockerfile, target flink).
    String jar = "/opt/flink/usrlib/statecast-job.jar";
    assertThat(FLINK.path("spec").path("job").path("jarURI").asText()).isEqualTo("local://" + jar);
    assertThat(DockerfileStages.read(ROOT).stage("flink"))
        .contains("/src/flink-job/target/statecast-job.jar " + jar);
  }

  @Test
  void theModelServersArgumentsAreServeOptionsOnMountedPaths() {
    JsonNode container = serverContainer();
    assertThat(container.path("args").get(0).asText()).isEqualTo("serve");
    CommandSpec serve = serveCommand();
    JsonNode pod = SERVER.path("spec").path("template").path("spec");
    String registry = value(serve, "--registry");
    assertThat(claimMountedAt(pod, container, registry)).isEqualTo("statecast-registry");
    // The Flink pods read the promoted models at the path the registry's updates name.
    assertThat(
            claimMountedAt(
                FLINK.path("spec").path("podTemplate").path("spec"), flinkContainer(), registry))
        .isEqualTo("statecast-registry");
    String token = value(serve, "--token-file");
    JsonNode tokenVolume = volumeAt(pod, container, Path.of(token).getParent().toString());
    assertThat(tokenVolume.path("secret").path("secretName").asText())
        .isEqualTo("statecast-admin-token");
    assertThat(tokenVolume.path("secret").path("items").get(0).path("path").asText())
        .isEqualTo(Path.of(token).getFileName().toString());
    String properties = value(serve, "--kafka-properties-file");
    assertThat(configMapFile(pod, properties)).isEqualTo("statecast-kafka-client");

    int port = (Integer) serve.findOption("--port").getValue();
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
    assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
    for (String probe : List.of("readinessProbe", "livenessProbe")) {
      assertThat(container.path(probe).path("httpGet").path("path").asText()).isEqualTo("/health");
      assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
    }
    JsonNode service = one("Service", "statecast-model-server");
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("http");
    assertThat(service.path("spec").path("selector"))
        .isEqualTo(SERVER.path("spec").path("selector").path("matchLabels"));
    assertThat(
            SERVER
                .path("spec")
                .path("template")
                .path("metadata")
                .path("annotations")
                .path("prometheus.io/port")
                .asText())
        .isEqualTo(String.valueOf(port));
  }

  @Test
  void theKafkaClientSettingsAreKafkaConfigsAndScramReadsTheUsersSecret(@TempDir Path secret)
      throws IOException {
    Properties plain = clientProperties(one("ConfigMap", "statecast-kafka-client"));
    JsonNode scramMap = ManifestSchemas.documents(DIR.resolve("scram/kafka-client.yaml")).get(0);
    Properties scram = clientProperties(scramMap);
    for (Properties p : List.of(plain, scram)) {
      for (String key : p.stringPropertyNames()) {
        assertThat(
                key.startsWith("config.providers.")
                    || AdminClientConfig.configNames().contains(key))
            .as("a Kafka client setting: " + key)
            .isTrue();
      }
    }
    // The JAAS line comes from the Secret's file through Kafka's DirectoryConfigProvider.
    Matcher dir =
        Pattern.compile("\\$\\{dir:([^:]+):([^}]+)}")
            .matcher(scram.getProperty("sasl.jaas.config"));
    assertThat(dir.matches()).isTrue();
    String jaas =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"statecast\""
            + " password=\"pw\";";
    Files.writeString(secret.resolve(dir.group(2)), jaas);
    Map<String, Object> resolved = new LinkedHashMap<>();
    scram.forEach(
        (k, val) ->
            resolved.put(k.toString(), val.toString().replace(dir.group(1), secret.toString())));
    resolved.put("bootstrap.servers", "localhost:9092");
    AdminClientConfig config = new AdminClientConfig(resolved);
    assertThat(config.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(jaas);
    // ... mounted from the Secret statecast-kafka-user in the Flink and model-server pods; the
    // KafkaUser authenticates as the mechanism says.
    JsonNode flinkPod = FLINK.path("spec").path("podTemplate").path("spec");
    JsonNode serverPod = SERVER.path("spec").path("template").path("spec");
    assertThat(
            volumeAt(flinkPod, flinkContainer(), dir.group(1))
                .path("secret")
                .path("secretName")
                .asText())
        .isEqualTo("statecast-kafka-user");
    assertThat(
            volumeAt(serverPod, serverContainer(), dir.group(1))
                .path("secret")
                .path("secretName")
                .asText())
        .isEqualTo("statecast-kafka-user");
    JsonNode user = one("KafkaUser", "statecast");
    assertThat(user.path("spec").path("authentication").path("type").asText().toUpperCase())
        .isEqualTo(scram.getProperty("sasl.mechanism"));
  }

  @Test
  void theKafkaUserMayDoWhatTheJobAndTheServerDo() {
    KafkaAcls acls = new KafkaAcls(one("KafkaUser", "statecast"));
    CommandSpec job = jobCommand();
    String group = value(job, "--group-id");
    for (String in : List.of("--observations-topic", "--model-updates-topic")) {
      acls.assertAllows("topic", value(job, in), "Read", "Describe");
    }
    for (String out :
        List.of(
            "--forecasts-topic",
            "--dead-letters-topic",
            "--late-events-topic",
            "--anomalies-topic")) {
      String topic = value(job, out);
      acls.assertAllows("topic", topic, "Write", "Describe");
      // The exactly-once sinks' transactional ids (JobRunner: "statecast-" + the group id).
      acls.assertAllows("transactionalId", "statecast-" + group + "-" + topic, "Write", "Describe");
    }
    // The job's consumer groups (JobRunner): the group id, and the model updates' own.
    acls.assertAllows("group", group, "Read");
    acls.assertAllows("group", group + "-model-updates", "Read");
    // The model server publishes promotions.
    acls.assertAllows("topic", value(serveCommand(), "--model-updates-topic"), "Write");
  }

  // ---- helpers

  static CommandSpec jobCommand() {
    CommandLine cl = new CommandLine(new JobCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    List<String> args = strings(FLINK.path("spec").path("job").path("args"));
    assertThatCode(() -> cl.parseArgs(args.toArray(String[]::new))).doesNotThrowAnyException();
    return cl.getCommandSpec();
  }

  static CommandSpec serveCommand() {
    CommandLine cl = new CommandLine(new ServeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    List<String> args = strings(serverContainer().path("args"));
    assertThatCode(() -> cl.parseArgs(args.subList(1, args.size()).toArray(String[]::new)))
        .doesNotThrowAnyException();
    return cl.getCommandSpec();
  }

  /** The option's value (its default where not given), as a string. */
  static String value(CommandSpec command, String option) {
    Object v = command.findOption(option).getValue();
    assertThat(v).as(option).isNotNull();
    return v.toString();
  }

  static JsonNode flinkContainer() {
    return FLINK.path("spec").path("podTemplate").path("spec").path("containers").get(0);
  }

  static JsonNode serverContainer() {
    return SERVER.path("spec").path("template").path("spec").path("containers").get(0);
  }

  private static String claimMountedAt(JsonNode pod, JsonNode container, String path) {
    return volumeAt(pod, container, path).path("persistentVolumeClaim").path("claimName").asText();
  }

  /** The ConfigMap mounted where {@code file} is, which must hold {@code file}'s name as a key. */
  private static String configMapFile(JsonNode pod, String file) {
    Path p = Path.of(file);
    JsonNode container = pod.path("containers").get(0);
    String name =
        volumeAt(pod, container, p.getParent().toString()).path("configMap").path("name").asText();
    assertThat(one("ConfigMap", name).path("data").has(p.getFileName().toString())).isTrue();
    return name;
  }

  private static Properties clientProperties(JsonNode configMap) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(configMap.path("data").path("client.properties").asText()));
    return p;
  }

  private static String name(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }

  private static String name(JsonNode resource, String label) {
    return resource.path("metadata").path("labels").path(label).asText();
  }

  /** kafka-init's topics in docker-compose.yml, with their partitions (variables unset). */
  private static Map<String, Integer> composeTopicPartitions() {
    String command = composeService("kafka-init").path("command").get(0).asText();
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher loop = Pattern.compile("for t in ([^;]+);").matcher(command);
    assertThat(loop.find()).as(command).isTrue();
    for (String t : loop.group(1).trim().split("\\s+")) {
      Matcher m = Pattern.compile("([a-z-]+):(?:\\$\\{[A-Z_]+:-)?(\\d+)}?").matcher(t);
      assertThat(m.matches()).as(t).isTrue();
      out.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    Matcher single = Pattern.compile("--topic ([a-z-]+) --partitions (\\d+)").matcher(command);
    while (single.find()) {
      out.put(single.group(1), Integer.parseInt(single.group(2)));
    }
    return out;
  }
}
