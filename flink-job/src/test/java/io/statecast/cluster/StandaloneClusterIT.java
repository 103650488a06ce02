package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
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
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> METRICS =
      List.of("eventsIn", "forecastsOut", "deadLetters", "duplicateEvents", "lateEvents");

  /** Quick starts of five JVMs on two cores: C1 only and one GC thread. */
  private static final List<String> QUICK_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @Test
  void theJobJarOnAStandaloneClusterForecastsEachValidObservationExactlyOnce() throws Exception {
    ClusterBuild build = ClusterBuild.find();
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = Path.of("target", "cluster-it", run).toAbsolutePath();
    Files.createDirectories(work);
    Timings timer = new Timings();
    List<AutoCloseable> running = new ArrayList<>();
    Thread stopAll = new Thread(() -> closeAll(running), "stop-cluster-processes");
    Runtime.getRuntime().addShutdownHook(stopAll);
    StandaloneFlink flink = null;
    try {
      ChildProcess broker = startBroker(build, work);
      running.add(broker);
      flink =
          StandaloneFlink.configure(
              work.resolve("flink"),
              build.flinkClassPath(),
              1,
              // DJL from lib/, loaded once per JVM (as in docker-compose.yml): its native library
              // cannot be loaded again by the next job's class loader.
              Map.of("classloader.parent-first-patterns.additional", "ai.djl."),
              flinkJvmOptions());
      running.add(flink);
      flink.startJobManager();
      for (int i = 1; i <= TASK_MANAGERS; i++) {
        flink.startTaskManager(i);
      }
      Properties kafka = awaitBroker(broker, work.resolve("kafka.properties"));
      Traffic traffic = new Traffic(kafka);
      traffic.createTopics();
      FlinkRest rest = new FlinkRest(flink.restUrl());
      awaitTaskManagers(rest, flink);
      timer.mark("cluster up (broker, JobManager, " + TASK_MANAGERS + " TaskManagers)");

      ModelArtifact model = TestModels.write(work.resolve("model"));
      String jarId = rest.uploadJar(build.jobJar());
      timer.mark("job jar uploaded (" + Files.size(build.jobJar()) / (1 << 20) + " MiB)");
      String jobId = rest.runJar(jarId, programArgs(kafka, model, flink), null);
      awaitAllRunning(rest, jobId, flink);
      timer.mark("job " + jobId + " running");

      List<Observation> valid = Traffic.observations(0, DAYS, 5);
      List<BadInputs.Bad> bad = BadInputs.beforeTheOperator();
      traffic.produce(valid, bad, DAYS - 1);
      traffic.awaitOutputs(valid.size(), bad.size() + 1, flink::requireAlive, RUN_TIMEOUT);
      timer.mark("all " + valid.size() + " forecasts committed");
      checkMetrics(rest, jobId, valid.size(), bad.size());
      assertNeverFailed(rest, jobId);

      // An upgrade as operations.md describes it: stop with a savepoint, run the jar again from
      // it (a new job, so a new user-code class loader on the same TaskManagers); every key's
      // state must continue exactly.
      String savepointDir = flink.home().resolve("savepoints").toUri().toString();
      String savepoint = rest.stopWithSavepoint(jobId, savepointDir, START_TIMEOUT);
      awaitState(rest, jobId, "FINISHED", flink);
      timer.mark("stopped with savepoint " + savepoint);
      String restored = rest.runJar(jarId, programArgs(kafka, model, flink), savepoint);
      awaitAllRunning(rest, restored, flink);
      timer.mark("job " + restored + " running from the savepoint");
      List<Observation> more = Traffic.observations(DAYS, DAYS + MORE_DAYS, 6);
      traffic.produce(more, List.of(), -1);
      List<Observation> all = new ArrayList<>(valid);
      all.addAll(more);
      traffic.awaitOutputs(all.size(), bad.size() + 1, flink::requireAlive, RUN_TIMEOUT);
      timer.mark("all " + all.size() + " forecasts committed");
      assertNeverFailed(rest, restored);
      rest.cancel(restored);
      awaitState(rest, restored, "CANCELED", flink);
      timer.mark("job cancelled");

      traffic.check(model, all, bad);
      deleteBulk(work);
    } catch (Throwable t) {
      System.out.println("cluster processes' output:\n" + (flink == null ? "" : flink.tails()));
      throw t;
    } finally {
      closeAll(running);
      timer.mark("processes stopped");
      Runtime.getRuntime().removeShutdownHook(stopAll);
      System.out.println(timer);
    }
  }

  private static ChildProcess startBroker(ClusterBuild build, Path work) throws IOException {
    List<String> jvm = new ArrayList<>(QUICK_START);
    jvm.addAll(List.of("-Xmx768m", "-Djava.io.tmpdir=" + work, "-Dlog4j2.formatMsgNoLookups=true"));
    return ChildProcess.start(
        "kafka",
        jvm,
        build.brokerClassPath(),
        KafkaBrokerMain.class.getName(),
        List.of(work.resolve("kafka-data").toString(), work.resolve("kafka.properties").toString()),
        work,
        work.resolve("log"));
  }

  /** DJL as in the Flink image of docker-compose.yml: offline, one cache directory. */
  private static List<String> flinkJvmOptions() {
    String cache =
        System.getProperty(
            "DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
    List<String> jvm = new ArrayList<>(QUICK_START);
    jvm.addAll(
        List.of(
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=1",
            "-DDJL_CACHE_DIR=" + cache,
            "-Dlog4j2.formatMsgNoLookups=true"));
    return jvm;
  }

  private static List<String> programArgs(
      Properties kafka, ModelArtifact model, StandaloneFlink flink) {
    return List.of(
        "--bootstrap-servers",
        kafka.getProperty("bootstrap.servers"),
        "--model",
        model.directory().toAbsolutePath().toString(),
        "--checkpoint-dir",
        flink.home().resolve("checkpoints").toUri().toString(),
        "--checkpoint-interval",
        "1s",
        "--parallelism",
        Integer.toString(PARALLELISM),
        "--batch-size",
        "32",
        "--flush-interval",
        "20ms");
  }

  private static Properties awaitBroker(ChildProcess broker, Path ready) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(ready)) {
      broker.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not start within " + START_TIMEOUT);
      }
      Thread.sleep(200);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(ready)) {
      p.load(r);
    }
    return p;
  }

  private static void awaitTaskManagers(FlinkRest rest, StandaloneFlink flink) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      flink.requireAlive();
      JsonNode o = rest.overviewOrNull();
      if (o != null && o.path("taskmanagers").asInt() == TASK_MANAGERS) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("TaskManagers not registered in time: " + o);
      }
      Thread.sleep(500);
    }
  }

  /**
   * Waits until the job and all its tasks run; checks that they run at PARALLELISM, except the
   * model-updates source, which runs once and broadcasts.
   */
  private static void awaitAllRunning(FlinkRest rest, String jobId, StandaloneFlink flink)
      throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      flink.requireAlive();
      JsonNode job = rest.job(jobId);
      boolean all = job.path("state").asText().equals("RUNNING");
      for (JsonNode v : job.path("vertices")) {
        all &= v.path("status").asText().equals("RUNNING");
      }
      if (all) {
        for (JsonNode v : job.path("vertices")) {
          String name = v.path("name").asText();
          assertThat(v.path("parallelism").asInt())
              .as(name)
              .isEqualTo(name.contains("model-updates") ? 1 : PARALLELISM);
        }
        return;
      }
      if (Set.of("FAILED", "CANCELED", "FINISHED").contains(job.path("state").asText())
          || System.nanoTime() > deadline) {
        throw new IllegalStateException("job not running: " + job + "\n" + rest.exceptions(jobId));
      }
      Thread.sleep(500);
    }
  }

  private static void awaitState(FlinkRest rest, String jobId, String state, StandaloneFlink flink)
      throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!rest.job(jobId).path("state").asText().equals(state)) {
      flink.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job not " + state + ": " + rest.job(jobId));
      }
      Thread.sleep(500);
    }
  }

  /**
   * The operator metrics through the REST API count what was sent: its view is refreshed from each
   * TaskManager separately, at most every second, so it is polled for up to 30 s.
   */
  private static void checkMetrics(FlinkRest rest, String jobId, int valid, int bad)
      throws Exception {
    Map<String, Long> expected =
        Map.of(
            "forecastsOut",
            (long) valid,
            "deadLetters",
            (long) bad,
            "duplicateEvents",
            1L,
            "lateEvents",
            1L);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Double> m = rest.operatorMetricSums(jobId, METRICS);
    while (!matches(m, expected) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      m = rest.operatorMetricSums(jobId, METRICS);
    }
    System.out.printf("operator metrics (sum over subtasks): %s%n", m);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      assertThat(sum(m, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static boolean matches(Map<String, Double> metrics, Map<String, Long> expected) {
    return expected.entrySet().stream().allMatch(e -> sum(metrics, e.getKey()) == e.getValue());
  }

  private static long sum(Map<String, Double> metrics, String name) {
    return Math.round(
        metrics.entrySet().stream()
            .filter(e -> e.getKey().endsWith("." + name))
            .mapToDouble(Map.Entry::getValue)
            .sum());
  }

  private static void assertNeverFailed(FlinkRest rest, String jobId) throws IOException {
    assertThat(rest.exceptions(jobId).path("exceptionHistory").path("entries"))
        .as("failures of job " + jobId)
        .isEmpty();
  }

  /** After a pass: the run's logs stay, the copies of the job jar (≈150 MB each) go. */
  private static void deleteBulk(Path work) throws IOException {
    for (String dir : List.of("flink/web-upload", "flink/blobs", "flink/tmp", "flink/web")) {
      Path d = work.resolve(dir);
      if (Files.exists(d)) {
        try (Stream<Path> files = Files.walk(d)) {
          for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  private static void closeAll(List<AutoCloseable> running) {
    synchronized (running) {
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          System.out.println("stopping " + running.get(i) + ": " + e);
        }
      }
      running.clear();
    }
  }
}
