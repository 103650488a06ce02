package io.statecast.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
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

/**
 * One run of the real-process topology of {@code docker-compose.yml} on 127.0.0.1: a Kafka broker
 * process, a standalone Flink JobManager and TaskManagers (each its own JVM, started with Flink's
 * entry points), and the REST client; with the means to break it (kill a TaskManager, restart the
 * broker) and to stop everything, always: at {@link #close()}, on the test JVM's shutdown, and
 * (through {@link ParentWatch}) when the test JVM dies. Logs: {@code target/cluster-it/RUN/}.
 */
final class ClusterRun implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** Quick starts of several JVMs on two cores: C1 only and one GC thread. */
  private static final List<String> QUICK_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  final ClusterBuild build;
  final Path work;
  final Timings timer = new Timings();
  private final List<AutoCloseable> running = new ArrayList<>();
  private final Thread stopAll = new Thread(this::closeAll, "stop-cluster-processes");
  private final int brokerPort;
  private ChildProcess broker;
  private Properties kafka;
  private StandaloneFlink flink;
  private FlinkRest rest;
  private int taskManagersStarted;
  private boolean deleteBulkOnClose;

  private ClusterRun(ClusterBuild build, Path work, int brokerPort) {
    this.build = build;
    this.work = work;
    this.brokerPort = brokerPort;
    Runtime.getRuntime().addShutdownHook(stopAll);
  }

  /** Starts the broker, the JobManager and {@code taskManagers} TaskManagers of one slot each. */
  static ClusterRun start(int taskManagers) throws Exception {
    String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path work = Path.of("target", "cluster-it", run).toAbsolutePath();
    Files.createDirectories(work);
    ClusterRun r = new ClusterRun(ClusterBuild.find(), work, StandaloneFlink.freePort());
    try {
      r.startBroker();
      r.flink =
          StandaloneFlink.configure(
              work.resolve("flink"),
              r.build.flinkClassPath(),
              1,
              // DJL from lib/, loaded once per JVM (as in docker-compose.yml): its native library
              // cannot be loaded again by the next job's class loader.
              Map.of("classloader.parent-first-patterns.additional", "ai.djl."),
              flinkJvmOptions());
      r.running.add(r.flink);
      r.flink.startJobManager();
      for (int i = 0; i < taskManagers; i++) {
        r.startTaskManager();
      }
      r.rest = new FlinkRest(r.flink.restUrl());
      r.awaitTaskManagers(taskManagers);
      r.timer.mark("cluster up (broker, JobManager, " + taskManagers + " TaskManagers)");
      return r;
    } catch (Throwable t) {
      r.close();
      throw t;
    }
  }

  Properties kafka() {
    return kafka;
  }

  StandaloneFlink flink() {
    return flink;
  }

  FlinkRest rest() {
    return rest;
  }

  /** Starts one more TaskManager. */
  ChildProcess startTaskManager() throws IOException {
    return flink.startTaskManager(++taskManagersStarted);
  }

  /** Kills a TaskManager as a crash would (SIGKILL) and starts a replacement. */
  void crashTaskManager(ChildProcess taskManager) throws Exception {
    taskManager.kill();
    flink.forget(taskManager);
    startTaskManager();
  }

  /** The TaskManagers now running. */
  List<ChildProcess> taskManagers() {
    return flink.processes().stream()
        .filter(p -> p.name().startsWith("taskmanager") && p.isAlive())
        .toList();
  }

  /** Stops the broker and starts it again on the same log directory and port. */
  void restartBroker() throws Exception {
    broker.close();
    running.remove(broker);
    startBroker();
  }

  private void startBroker() throws Exception {
    Path ready = work.resolve("kafka.properties");
    Files.deleteIfExists(ready);
    List<String> jvm = new ArrayList<>(QUICK_START);
    jvm.addAll(List.of("-Xmx768m", "-Djava.io.tmpdir=" + work, "-Dlog4j2.formatMsgNoLookups=true"));
    broker =
        ChildProcess.start(
            "kafka",
            jvm,
            build.brokerClassPath(),
            KafkaBrokerMain.class.getName(),
            List.of(
                work.resolve("kafka-data").toString(),
                ready.toString(),
                Integer.toString(brokerPort)),
            work,
            work.resolve("log"));
    running.add(broker);
    kafka = awaitBroker(ready);
  }

  private Properties awaitBroker(Path ready) throws Exception {
    await("the broker to start")
        .dontCatchUncaughtExceptions()
        .atMost(START_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (Files.exists(ready)) {
                return true;
              }
              broker.requireAlive();
              return false;
            });
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(ready)) {
      p.load(r);
    }
    return p;
  }

  private void awaitTaskManagers(int n) {
    await(n + " TaskManagers registered")
        .dontCatchUncaughtExceptions()
        .atMost(START_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              flink.requireAlive();
              return rest.overviewOrNull();
            },
            o -> o != null && o.path("taskmanagers").asInt() == n);
  }

  /**
   * Waits until the job and all its tasks run; checks that they run at {@code parallelism}, except
   * the model-updates source, which runs once and broadcasts.
   */
  void awaitAllRunning(String jobId, int parallelism) {
    JsonNode job =
        await("job " + jobId + " and all its tasks running")
            .dontCatchUncaughtExceptions()
            .atMost(START_TIMEOUT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  flink.requireAlive();
                  JsonNode j = rest.job(jobId);
                  if (!allRunning(j)
                      && Set.of("FAILED", "CANCELED", "FINISHED")
                          .contains(j.path("state").asText())) {
                    throw new IllegalStateException(
                        "job not running: " + j + "\n" + rest.exceptions(jobId));
                  }
                  return j;
                },
                ClusterRun::allRunning);
    for (JsonNode v : job.path("vertices")) {
      String name = v.path("name").asText();
      int want = name.contains("model-updates") ? 1 : parallelism;
      if (v.path("parallelism").asInt() != want) {
        throw new AssertionError(name + " runs at " + v.path("parallelism") + ", not " + want);
      }
    }
  }

  /** Whether the job and every one of its vertices is RUNNING. */
  private static boolean allRunning(JsonNode job) {
    boolean all = job.path("state").asText().equals("RUNNING");
    for (JsonNode v : job.path("vertices")) {
      all &= v.path("status").asText().equals("RUNNING");
    }
    return all;
  }

  void awaitState(String jobId, String state) {
    await("job " + jobId + " " + state)
        .dontCatchUncaughtExceptions()
        .atMost(START_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> rest.job(jobId),
            job -> {
              if (job.path("state").asText().equals(state)) {
                return true;
              }
              flink.requireAlive();
              return false;
            });
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
            "-Dlog4j2.formatMsgNoLookups=true",
            // the fast engine's Vector API (--engine fast), as env.java.opts.all in compose
            "--add-modules=jdk.incubator.vector"));
    return jvm;
  }

  /** What the processes printed last, for a failure report. */
  String tails() {
    return (broker == null ? "" : broker.tail()) + (flink == null ? "" : flink.tails());
  }

  /**
   * After a pass: the run's logs stay, the copies of the job jar (≈150 MB each) go — once the
   * processes have stopped ({@link #close}), since the JobManager still writes to its directories
   * after a cancel.
   */
  void deleteBulk() {
    deleteBulkOnClose = true;
  }

  private void deleteBulkNow() {
    for (String dir : List.of("flink/web-upload", "flink/blobs", "flink/tmp", "flink/web")) {
      Path d = work.resolve(dir);
      if (!Files.exists(d)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(d)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException | UncheckedIOException e) {
        System.out.println("left in place (clean-up is best effort): " + d + ": " + e);
      }
    }
  }

  private void closeAll() {
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

  @Override
  public void close() {
    closeAll();
    timer.mark("processes stopped");
    if (deleteBulkOnClose) {
      deleteBulkNow();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAll);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
