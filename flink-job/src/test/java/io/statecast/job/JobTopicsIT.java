package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cli.CliErrors;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code statecast job} against a real broker that lacks the job's topics (automatic creation off,
 * as on most production clusters), with and without {@code --create-topics}, and against an address
 * where no broker listens: one error line that says what to do and exit status 1, or the topics
 * created and the job run.
 */
class JobTopicsIT {

  @TempDir Path tmp;

  @RegisterExtension final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create();

  private EmbeddedKafka kafka;

  @BeforeEach
  void broker() {
    kafka = embedded.broker();
  }

  @Test
  void missingOutputTopicsStopTheStartWithOneLineThatSaysHowToCreateThem() throws Exception {
    kafka.createTopic("observations", 3);
    Run run = job("--bootstrap-servers", kafka.bootstrapServers(), "--model", model());

    assertThat(run.code).as(run.err).isEqualTo(CliErrors.USER_ERROR);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err)
        .contains(
            "error: Kafka at "
                + kafka.bootstrapServers()
                + " has no topic forecasts, dead-letters, late-events, anomalies")
        .contains(
            "for t in forecasts dead-letters late-events anomalies; do kafka-topics.sh"
                + " --bootstrap-server "
                + kafka.bootstrapServers()
                + " --create --topic \"$t\" --partitions 3 --replication-factor 1; done")
        .contains("--create-topics");
    assertThat(topics()).doesNotContain("forecasts", "dead-letters", "late-events", "anomalies");
  }

  @Test
  void aMissingInputTopicIsNamedToo() throws Exception {
    kafka.createTopics(Map.of("forecasts", 1, "dead-letters", 1, "late-events", 1, "anomalies", 1));
    Run run = job("--bootstrap-servers", kafka.bootstrapServers(), "--model", model());

    assertThat(run.code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err)
        .contains("has no topic observations ")
        .contains("--create --topic observations --partitions 4 --replication-factor 3");
  }

  @Test
  void createTopicsMakesTheMissingOnesLikeTheInputAndTheJobRuns() throws Exception {
    kafka.createTopic("observations", 3);
    Run run =
        job(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--model",
            model(),
            "--create-topics",
            "--bounded",
            "--parallelism",
            "1",
            "--checkpoint-dir",
            tmp.resolve("checkpoints").toUri().toString());

    assertThat(run.code).as(run.err + run.out).isZero();
    assertThat(run.out)
        .contains("created topics forecasts, dead-letters, late-events, anomalies, model-updates");
    Map<String, TopicDescription> d =
        describe(List.of("forecasts", "dead-letters", "late-events", "anomalies", "model-updates"));
    assertThat(d.get("forecasts").partitions()).hasSize(3);
    assertThat(d.get("dead-letters").partitions()).hasSize(3);
    assertThat(d.get("late-events").partitions()).hasSize(3);
    assertThat(d.get("anomalies").partitions()).hasSize(3);
    assertThat(d.get("model-updates").partitions()).hasSize(1);
  }

  @Test
  void createTopicsTakesPartitionsWhenGivenAndLeavesExistingTopicsAlone() throws Exception {
    kafka.createTopics(Map.of("forecasts", 1));
    KafkaSettings k = KafkaSettings.builder(kafka.bootstrapServers()).build();

    List<String> created =
        TopicCheck.ensure(k, new TopicSetup(true, 2, (short) 1, Duration.ofSeconds(30)));

    assertThat(created)
        .containsExactly(
            "observations", "dead-letters", "late-events", "anomalies", "model-updates");
    Map<String, TopicDescription> d =
        describe(List.of("observations", "forecasts", "dead-letters", "model-updates"));
    assertThat(d.get("observations").partitions()).hasSize(2);
    assertThat(d.get("forecasts").partitions()).hasSize(1);
    assertThat(d.get("dead-letters").partitions()).hasSize(2);
    assertThat(d.get("model-updates").partitions()).hasSize(1);
    assertThat(TopicCheck.ensure(k, TopicSetup.DEFAULT)).isEmpty();
  }

  @Test
  void noBrokerIsOneLineAndAFailureWithinTheTimeout() throws Exception {
    String nowhere = "127.0.0.1:" + closedPort();
    long t0 = System.nanoTime();
    Run run = job("--bootstrap-servers", nowhere, "--model", model(), "--kafka-timeout", "3s");
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(run.code).isEqualTo(CliErrors.USER_ERROR);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err)
        .contains("error: no Kafka broker answered at " + nowhere + " within 3 s")
        .contains("--bootstrap-servers");
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }

  private record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  private static Run job(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrors.install(new CommandLine(new JobCommand()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String model() throws Exception {
    Path dir = tmp.resolve("model");
    TestModels.write(dir);
    return dir.toString();
  }

  private Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  private Map<String, TopicDescription> describe(List<String> names) throws Exception {
    try (Admin admin = admin()) {
      return admin.describeTopics(names).allTopicNames().get();
    }
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
