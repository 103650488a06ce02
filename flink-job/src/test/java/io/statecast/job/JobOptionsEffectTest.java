package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of {@code statecast job} (and of the job jar's main class) has an effect: set to a
 * value other than its default, it changes what the job does. Options of the job itself must change
 * the job that is submitted to Flink (its configuration, or the serialized operators, sources and
 * sinks of its stream graph); the start-up options ({@link TopicSetup}) change the topic check,
 * whose behaviour {@link JobTopicsIT} shows. An option without a case here fails the test, so a new
 * option cannot be forgotten.
 */
class JobOptionsEffectTest {

  @TempDir static Path tmp;
  private static String model;
  private static String otherModel;
  private static String propertiesFile;
  private static String basicAuthFile;
  private static String tokenFile;
  private static String writerSchemas;

  /** How one option is set away from its default, and in which context (other options). */
  private record Case(List<String> context, List<String> changed, boolean startUpOnly) {
    static Case of(String... changed) {
      return new Case(List.of(), List.of(changed), false);
    }

    Case within(String... context) {
      return new Case(List.of(context), changed, startUpOnly);
    }

    Case startUp() {
      return new Case(context, changed, true);
    }
  }

  private static Map<String, Case> cases() {
    Map<String, Case> c = new TreeMap<>();
    c.put("--bootstrap-servers", Case.of("--bootstrap-servers", "kafka-2:9092"));
    c.put("--observations-topic", Case.of("--observations-topic", "obs"));
    c.put("--forecasts-topic", Case.of("--forecasts-topic", "fc"));
    c.put("--dead-letters-topic", Case.of("--dead-letters-topic", "dlq"));
    c.put("--late-events-topic", Case.of("--late-events-topic", "late"));
    c.put("--anomalies-topic", Case.of("--anomalies-topic", "flags"));
    c.put("--model-updates-topic", Case.of("--model-updates-topic", "updates"));
    c.put("--group-id", Case.of("--group-id", "other-group"));
    c.put("--kafka-property", Case.of("--kafka-property", "client.dns.lookup=use_all_dns_ips"));
    c.put("--kafka-properties-file", Case.of("--kafka-properties-file", propertiesFile));
    c.put("--create-topics", Case.of("--create-topics").startUp());
    c.put(
        "--topic-partitions",
        Case.of("--topic-partitions", "6").within("--create-topics").startUp());
    c.put(
        "--topic-replication",
        Case.of("--topic-replication", "3").within("--create-topics").startUp());
    c.put("--kafka-timeout", Case.of("--kafka-timeout", "5s").startUp());
    c.put("--model", Case.of("--model", otherModel));
    c.put("--model-sha256", Case.of("--model-sha256", "ab".repeat(32)));
    c.put("--checkpoint-dir", Case.of("--checkpoint-dir", "file:///tmp/checkpoints"));
    c.put("--from-savepoint", Case.of("--from-savepoint", "file:///tmp/savepoint-1"));
    c.put("--checkpoint-interval", Case.of("--checkpoint-interval", "30s"));
    c.put("--state-backend", Case.of("--state-backend", "rocksdb"));
    c.put("--parallelism", Case.of("--parallelism", "3"));
    c.put("--batch-size", Case.of("--batch-size", "64"));
    c.put("--flush-interval", Case.of("--flush-interval", "20ms"));
    c.put("--ordering", Case.of("--ordering", "event_time"));
    c.put("--out-of-orderness", Case.of("--out-of-orderness", "2s"));
    c.put(
        "--allowed-lateness",
        Case.of("--allowed-lateness", "1h").within("--ordering", "event_time"));
    c.put("--state-ttl", Case.of("--state-ttl", "7d"));
    c.put("--value-format", Case.of("--value-format", "json"));
    c.put("--writer-schemas", Case.of("--writer-schemas", writerSchemas));
    String registry = "--value-format=avro-registry";
    c.put(
        "--schema-registry-url",
        Case.of("--schema-registry-url", "http://registry-2:8081")
            .within(registry, "--schema-registry-url=http://registry:8081"));
    c.put(
        "--schema-registry-basic-auth-file",
        Case.of("--schema-registry-basic-auth-file", basicAuthFile)
            .within(registry, "--schema-registry-url=http://registry:8081"));
    c.put(
        "--schema-registry-token-file",
        Case.of("--schema-registry-token-file", tokenFile)
            .within(registry, "--schema-registry-url=http://registry:8081"));
    c.put(
        "--schema-registry-truststore",
        Case.of("--schema-registry-truststore", "/etc/registry-trust.p12")
            .within(registry, "--schema-registry-url=http://registry:8081"));
    c.put(
        "--schema-registry-timeout",
        Case.of("--schema-registry-timeout", "3s")
            .within(registry, "--schema-registry-url=http://registry:8081"));
    c.put("--max-event-time-jump", Case.of("--max-event-time-jump", "30d"));
    c.put("--rewarm-depth", Case.of("--rewarm-depth", "8"));
    c.put("--anomaly-threshold", Case.of("--anomaly-threshold", "1.5"));
    c.put("--anomaly-coverage", Case.of("--anomaly-coverage", "0.8"));
    c.put("--delivery", Case.of("--delivery", "at_least_once"));
    c.put("--engine", Case.of("--engine", "reference"));
    c.put("--gpu", Case.of("--gpu").within("--engine", "djl"));
    c.put("--resident-keys", Case.of("--resident-keys", "512").within("--engine", "djl"));
    c.put(
        "--min-device-batch",
        Case.of("--min-device-batch", "16").within("--engine", "djl", "--resident-keys", "512"));
    c.put("--overlap-steps", Case.of("--overlap-steps"));
    c.put("--kernel-threads", Case.of("--kernel-threads", "2"));
    c.put("--min-event-time", Case.of("--min-event-time", "2000-01-01T00:00:00Z"));
    c.put("--accept-epoch-zero", Case.of("--accept-epoch-zero"));
    c.put("--bounded", Case.of("--bounded"));
    return c;
  }

  @BeforeAll
  static void files() throws Exception {
    model = tmp.resolve("model").toString();
    TestModels.write(Path.of(model));
    otherModel = tmp.resolve("model-copy").toString();
    TestModels.write(Path.of(otherModel));
    Path props = tmp.resolve("client.properties");
    Files.writeString(props, "security.protocol=SSL\n");
    propertiesFile = props.toString();
    basicAuthFile = Files.writeString(tmp.resolve("basic-auth"), "user:secret").toString();
    tokenFile = Files.writeString(tmp.resolve("token"), "a-token").toString();
    Path schemas = Files.createDirectories(tmp.resolve("writer-schemas"));
    Files.writeString(
        schemas.resolve("Observation.avsc"),
        io.statecast.avro.Observation.getClassSchema().toString());
    writerSchemas = schemas.toString();
  }

  @Test
  void theAnomalyOptionsDefaultToTheOperatorsDefaultRule() {
    CommandLine cl = new CommandLine(new JobCommand());
    cl.parseArgs("--bootstrap-servers", "kafka:9092", "--model", model);
    JobOptions options = (JobOptions) cl.getCommandSpec().mixins().get("options").userObject();

    assertThat(options.settings().operator().anomalies())
        .isEqualTo(io.statecast.operator.AnomalyRule.DEFAULT);
  }

  @Test
  void everyOptionHasACase() {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : new CommandLine(new JobCommand()).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        names.add(o.longestName());
      }
    }
    assertThat(cases().keySet()).containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  void theSameOptionsBuildTheSameJob() throws Exception {
    // Without this, "differs" below could be noise rather than an effect.
    assertThat(submitted(List.of())).isEqualTo(submitted(List.of()));
    assertThat(plan(List.of())).isEqualTo(plan(List.of()));
  }

  @Test
  void everyOptionChangesWhatTheJobDoes() throws Exception {
    List<String> without = new ArrayList<>();
    for (Map.Entry<String, Case> e : cases().entrySet()) {
      Case c = e.getValue();
      List<String> changed = new ArrayList<>(c.context());
      changed.addAll(c.changed());
      boolean effect =
          c.startUpOnly()
              ? !plan(c.context()).equals(plan(changed))
              : !Objects.equals(submitted(c.context()), submitted(changed));
      if (!effect) {
        without.add(e.getKey());
      }
    }
    assertThat(without).as("options parsed without an effect").isEmpty();
  }

  /** What the options are parsed into. */
  private record Plan(KafkaSettings kafka, JobSettings job, TopicSetup topics) {}

  private static JobOptions parse(List<String> extra) {
    JobCommand command = new JobCommand();
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", "kafka:9092"));
    args.add("--model");
    args.add(model);
    args.addAll(extra);
    new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOverwrittenOptionsAllowed(true)
        .parseArgs(args.toArray(String[]::new));
    return command.options;
  }

  private static Plan plan(List<String> extra) throws Exception {
    JobOptions o = parse(extra);
    return new Plan(o.kafka(), o.settings(), o.topics());
  }

  /**
   * A digest of the job as submitted: the Flink configuration, and each node of the stream graph
   * with its parallelism and its serialized operator (sources and sinks with their settings).
   */
  private static String submitted(List<String> extra) throws Exception {
    JobOptions o = parse(extra);
    JobSettings settings = o.settings();
    StreamExecutionEnvironment env = JobRunner.environment(settings);
    JobRunner.wireKafka(env, o.kafka(), settings);
    StreamGraph graph = env.getStreamGraph();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(
        new TreeMap<>(JobRunner.flinkConfiguration(settings).toMap()).toString().getBytes());
    // Node ids come from a JVM-wide counter: their order is the graph's, their values are not.
    List<StreamNode> nodes = new ArrayList<>(graph.getStreamNodes());
    nodes.sort(Comparator.comparingInt(StreamNode::getId));
    for (StreamNode node : nodes) {
      String shape =
          node.getOperatorName() + "/" + node.getParallelism() + "/" + node.getMaxParallelism();
      digest.update(shape.getBytes());
      byte[] op = InstantiationUtil.serializeObject(node.getOperatorFactory());
      digest.update(op);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
