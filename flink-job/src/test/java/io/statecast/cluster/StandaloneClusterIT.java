package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deployment of {@code docker-compose.yml}, with real processes on 127.0.0.1 instead of
 * containers: a Kafka broker process, a standalone Flink JobManager and two TaskManagers started
 * with Flink's own entry points, each its own JVM, and the job jar the build shades, uploaded and
 * run over Flink's REST API as a user would. Observations (valid and bad) go in; the operator's
 * metrics, read through the REST API, count them. Then an upgrade: stop with a savepoint, run the
 * jar again from it, send more observations. The forecasts of both runs, read back with {@code
 * read_committed}, are exactly one per valid observation and equal the offline oracle (each key's
 * state continued across the savepoint); every bad input lands in its dead-letter kind. Every
 * process is stopped at the end, also on failure. Logs: {@code target/cluster-it/RUN/}.
 */
@Tag("cluster")
class StandaloneClusterIT {

  private static final int DAYS = 30;
  private static final int MORE_DAYS = 5;
  private static final int TASK_MANAGERS = 2;
  private static final int PARALLELISM = 2;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> METRICS =
      List.of("eventsIn", "forecastsOut", "deadLetters", "duplicateEvents", "lateEvents");

  /** REST names of dead-letter counts: OPERATOR.deadLetters, OPERATOR.kind.KIND.deadLetters. */
  private static final String DECODED_DEAD = "decode.deadLetters";

  private static final String OPERATOR_DEAD = "lstm-forecast.deadLetters";

  @Test
  void theJobJarOnAStandaloneClusterForecastsEachValidObservationExactlyOnce() throws Exception {
    ClusterRun run = ClusterRun.start(TASK_MANAGERS);
    try (run) {
      Properties kafka = run.kafka();
      Traffic traffic = new Traffic(kafka);
      traffic.createTopics();
      FlinkRest rest = run.rest();
      StandaloneFlink flink = run.flink();
      ModelArtifact model = TestModels.write(run.work.resolve("model"));
      String jarId = rest.uploadJar(run.build.jobJar());
      run.timer.mark("job jar uploaded (" + Files.size(run.build.jobJar()) / (1 << 20) + " MiB)");
      String jobId = rest.runJar(jarId, programArgs(kafka, model, flink, "1s"), null);
      run.awaitAllRunning(jobId, PARALLELISM);
      run.timer.mark("job " + jobId + " running");

      List<Observation> valid = Traffic.observations(0, DAYS, 5);
      List<BadInputs.Bad> bad = BadInputs.beforeTheOperator();
      traffic.produce(valid, bad, DAYS - 1);
      traffic.awaitOutputs(valid.size(), bad.size() + 1, flink::requireAlive, RUN_TIMEOUT);
      run.timer.mark("all " + valid.size() + " forecasts committed");
      checkMetrics(rest, jobId, valid.size(), bad.size());
      assertNeverFailed(rest, jobId);

      // An upgrade as operations.md describes it: stop with a savepoint, run the jar again from
      // it (a new job, so a new user-code class loader on the same TaskManagers); every key's
      // state must continue exactly.
      String savepointDir = flink.home().resolve("savepoints").toUri().toString();
      String savepoint = rest.stopWithSavepoint(jobId, savepointDir, ClusterRun.START_TIMEOUT);
      run.awaitState(jobId, "FINISHED");
      run.timer.mark("stopped with savepoint " + savepoint);
      String restored = rest.runJar(jarId, programArgs(kafka, model, flink, "1s"), savepoint);
      run.awaitAllRunning(restored, PARALLELISM);
      run.timer.mark("job " + restored + " running from the savepoint");
      List<Observation> more = Traffic.observations(DAYS, DAYS + MORE_DAYS, 6);
      traffic.produce(more, List.of(), -1);
      List<Observation> all = new ArrayList<>(valid);
      all.addAll(more);
      traffic.awaitOutputs(all.size(), bad.size() + 1, flink::requireAlive, RUN_TIMEOUT);
      run.timer.mark("all " + all.size() + " forecasts committed");
      assertNeverFailed(rest, restored);
      rest.cancel(restored);
      run.awaitState(restored, "CANCELED");
      run.timer.mark("job cancelled");

      traffic.check(model, all, bad);
      run.deleteBulk();
    } catch (Throwable t) {
      System.out.println("cluster processes' output:\n" + run.tails());
      throw t;
    } finally {
      System.out.println(run.timer);
    }
  }

  static List<String> programArgs(
      Properties kafka, ModelArtifact model, StandaloneFlink flink, String checkpointInterval) {
    return List.of(
        "--bootstrap-servers",
        kafka.getProperty("bootstrap.servers"),
        "--model",
        model.directory().toAbsolutePath().toString(),
        "--checkpoint-dir",
        flink.home().resolve("checkpoints").toUri().toString(),
        "--checkpoint-interval",
        checkpointInterval,
        "--parallelism",
        Integer.toString(PARALLELISM),
        "--batch-size",
        "32",
        "--flush-interval",
        "20ms");
  }

  /**
   * The operator metrics through the REST API count what was sent: its view is refreshed from each
   * TaskManager separately, at most every second, so it is polled for up to 30 s.
   */
  private static void checkMetrics(FlinkRest rest, String jobId, int valid, int bad) {
    Map<String, Long> expected =
        Map.of(
            ".forecastsOut",
            (long) valid,
            DECODED_DEAD,
            (long) bad,
            OPERATOR_DEAD,
            2L, // the duplicate and the late event
            ".kind.DUPLICATE_EVENT.deadLetters",
            1L,
            ".kind.LATE_EVENT.deadLetters",
            1L,
            ".duplicateEvents",
            1L,
            ".lateEvents",
            1L);
    Map<String, Double> m =
        await("operator metrics " + expected)
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(30))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> rest.operatorMetricSums(jobId, METRICS), x -> matches(x, expected));
    System.out.printf("operator metrics (sum over subtasks): %s%n", m);
  }

  private static boolean matches(Map<String, Double> metrics, Map<String, Long> expected) {
    return expected.entrySet().stream().allMatch(e -> sum(metrics, e.getKey()) == e.getValue());
  }

  /** The sum of the metrics whose REST names end with {@code suffix}. */
  private static long sum(Map<String, Double> metrics, String suffix) {
    return Math.round(
        metrics.entrySet().stream()
            .filter(e -> e.getKey().endsWith(suffix))
            .mapToDouble(Map.Entry::getValue)
            .sum());
  }

  private static void assertNeverFailed(FlinkRest rest, String jobId) throws IOException {
    assertThat(rest.exceptions(jobId).path("exceptionHistory").path("entries"))
        .as("failures of job " + jobId)
        .isEmpty();
  }
}
