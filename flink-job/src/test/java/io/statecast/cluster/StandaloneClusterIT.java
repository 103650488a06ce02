package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.kafka.TopicReader;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.wire.WireCodec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

  private static final int KEYS = 24;
  private static final int DAYS = 30;
  private static final int MORE_DAYS = 5;
  private static final int TASK_MANAGERS = 2;
  private static final int PARALLELISM = 2;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> METRICS =
      List.of("eventsIn", "forecastsOut", "deadLetters", "duplicateEvents", "lateEvents");

  @Test
  void theJobJarOnAStandaloneClusterForecastsEachValidObservationExactlyOnce() throws Exception {
    ClusterBuild build = ClusterBuild.find();
    Path work =
        Path.of(
                "target",
                "cluster-it",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
            .toAbsolutePath();
    Files.createDirectories(work);
    Timer timer = new Timer();
    List<AutoCloseable> running = new ArrayList<>();
    Thread stopAll = new Thread(() -> closeAll(running), "stop-cluster-processes");
    Runtime.getRuntime().addShutdownHook(stopAll);
    StandaloneFlink flink = null;
    try {
      ChildProcess broker =
          ChildProcess.start(
              "kafka",
              List.of(
                  "-Xmx768m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Djava.io.tmpdir=" + work,
                  "-Dlog4j2.formatMsgNoLookups=true"),
              build.brokerClassPath(),
              KafkaBrokerMain.class.getName(),
              List.of(
                  work.resolve("kafka-data").toString(),
                  work.resolve("kafka.properties").toString()),
              work,
              work.resolve("log"));
      running.add(broker);
      flink =
          StandaloneFlink.configure(
              work.resolve("flink"),
              build.flinkClassPath(),
              1,
              // DJL from lib/, loaded once per JVM (as in docker-compose.yml): its native library
              // cannot be loaded again by the next job's class loader.
              Map.of("classloader.parent-first-patterns.additional", "ai.djl."),
              djlOptions());
      running.add(flink);
      flink.startJobManager();
      for (int i = 1; i <= TASK_MANAGERS; i++) {
        flink.startTaskManager(i);
      }
      Properties kafka = awaitBroker(broker, work.resolve("kafka.properties"));
      createTopics(kafka);
      FlinkRest rest = new FlinkRest(flink.restUrl());
      awaitTaskManagers(rest, flink);
      timer.mark("cluster up (broker, JobManager, " + TASK_MANAGERS + " TaskManagers)");

      ModelArtifact model = TestModels.write(work.resolve("model"));
      String jarId = rest.uploadJar(build.jobJar());
      timer.mark("job jar uploaded (" + Files.size(build.jobJar()) / (1 << 20) + " MiB)");
      String jobId = rest.runJar(jarId, programArgs(kafka, model, flink), null);
      awaitAllRunning(rest, jobId, flink);
      timer.mark("job " + jobId + " running");

      List<Observation> valid = observations(0, DAYS, 5);
      List<BadInputs.Bad> bad = BadInputs.beforeTheOperator();
      produce(kafka, valid, bad, true);
      awaitOutputs(kafka, valid.size(), bad.size() + 1, flink);
      timer.mark("all " + valid.size() + " forecasts committed");
      Map<String, Long> expectedMetrics =
          Map.of(
              "forecastsOut",
              (long) valid.size(),
              "deadLetters",
              (long) bad.size(),
              "duplicateEvents",
              1L,
              "lateEvents",
              1L);
      Map<String, Double> metrics = awaitMetrics(rest, jobId, expectedMetrics);
      System.out.printf("operator metrics (sum over subtasks): %s%n", metrics);
      expectedMetrics.forEach(
          (name, want) -> assertThat(sum(metrics, name)).as(name).isEqualTo(want));
      assertNeverFailed(rest, jobId);

      // An upgrade as operations.md describes it: stop with a savepoint, run the jar again from
      // it (a new job, so a new user-code class loader on the same TaskManagers); every key's
      // state must continue exactly.
      String savepoint =
          rest.stopWithSavepoint(
              jobId, flink.home().resolve("savepoints").toUri().toString(), START_TIMEOUT);
      awaitState(rest, jobId, "FINISHED", flink);
      timer.mark("stopped with savepoint " + savepoint);
      String restored = rest.runJar(jarId, programArgs(kafka, model, flink), savepoint);
      awaitAllRunning(rest, restored, flink);
      timer.mark("job " + restored + " running from the savepoint");
      List<Observation> more = observations(DAYS, DAYS + MORE_DAYS, 6);
      produce(kafka, more, List.of(), false);
      List<Observation> all = new ArrayList<>(valid);
      all.addAll(more);
      awaitOutputs(kafka, all.size(), bad.size() + 1, flink);
      timer.mark("all " + all.size() + " forecasts committed");
      assertNeverFailed(rest, restored);
      rest.cancel(restored);
      awaitState(rest, restored, "CANCELED", flink);
      timer.mark("job cancelled");

      check(kafka, model, all, bad);
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

  private static List<String> djlOptions() {
    String cache =
        System.getProperty(
            "DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
    return List.of(
        // quick starts of five JVMs on two cores: C1 only and one GC thread
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1",
        "-DDJL_CACHE_DIR=" + cache,
        "-Dlog4j2.formatMsgNoLookups=true");
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

  private static void createTopics(Properties kafka) throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("observations", 4, (short) 1),
                  new NewTopic("forecasts", 2, (short) 1),
                  new NewTopic("dead-letters", 1, (short) 1),
                  new NewTopic("late-events", 1, (short) 1)))
          .all()
          .get();
    }
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

  /** Waits until the job and all its tasks run; checks that they run at PARALLELISM. */
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
          assertThat(v.path("parallelism").asInt())
              .as(v.path("name").asText())
              .isEqualTo(PARALLELISM);
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

  /** Waits until the committed outputs hold what the input implies (or more: checked later). */
  private static void awaitOutputs(
      Properties kafka, int forecasts, int deadLetters, StandaloneFlink flink) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    int f = 0;
    int d = 0;
    int l = 0;
    while (f < forecasts || d < deadLetters || l < 1) {
      flink.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "after "
                + RUN_TIMEOUT
                + ": "
                + f
                + " forecasts, "
                + d
                + " dead letters, "
                + l
                + " late");
      }
      Thread.sleep(1000);
      f = committed(kafka, "forecasts").size();
      d = committed(kafka, "dead-letters").size();
      l = committed(kafka, "late-events").size();
    }
  }

  /**
   * The operator metrics, once the REST API's view shows {@code expected} (it is refreshed from
   * each TaskManager separately, at most every second), or as they are after 30 s.
   */
  private static Map<String, Double> awaitMetrics(
      FlinkRest rest, String jobId, Map<String, Long> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, Double> m = rest.operatorMetricSums(jobId, METRICS);
      boolean all = expected.entrySet().stream().allMatch(e -> sum(m, e.getKey()) == e.getValue());
      if (all || System.nanoTime() > deadline) {
        return m;
      }
      Thread.sleep(1000);
    }
  }

  private static long sum(Map<String, Double> metrics, String name) {
    return Math.round(
        metrics.entrySet().stream()
            .filter(e -> e.getKey().endsWith("." + name))
            .mapToDouble(Map.Entry::getValue)
            .sum());
  }

  private static void check(
      Properties kafka, ModelArtifact model, List<Observation> valid, List<BadInputs.Bad> bad)
      throws Exception {
    List<Forecast> forecasts = decode(committed(kafka, "forecasts"), WireCodec.forecasts());
    Set<String> unique = new HashSet<>();
    forecasts.forEach(f -> unique.add(f.getKey() + "@" + f.getEventTime()));
    TestModels.Offline offline = new TestModels.Offline(model);
    Map<String, float[]> expected = new HashMap<>();
    for (Observation o : valid) {
      expected.put(o.getKey() + "@" + o.getEventTime(), offline.step(o));
    }
    double maxErr = 0;
    for (Forecast f : forecasts) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("forecast of an observation that was not sent").isNotNull();
      for (int j = 0; j < want.length; j++) {
        maxErr = Math.max(maxErr, Math.abs(want[j] - f.getValues().get(j)));
      }
    }
    Map<ErrorKind, Integer> dead = new EnumMap<>(ErrorKind.class);
    decode(committed(kafka, "dead-letters"), WireCodec.deadLetters())
        .forEach(x -> dead.merge(x.getKind(), 1, Integer::sum));
    List<DeadLetter> late = decode(committed(kafka, "late-events"), WireCodec.deadLetters());
    System.out.printf(
        "observations: %d valid, %d bad, 1 duplicate, 1 late -> forecasts %d (unique %d, lost %d,"
            + " duplicated %d), max |forecast - offline| %.2e; dead letters %s; late events %d%n",
        valid.size(),
        bad.size(),
        forecasts.size(),
        unique.size(),
        valid.size() - unique.size(),
        forecasts.size() - unique.size(),
        maxErr,
        dead,
        late.size());

    assertThat(forecasts).hasSize(valid.size());
    assertThat(unique).hasSize(valid.size());
    assertThat(maxErr).isLessThanOrEqualTo(1e-5);
    Map<ErrorKind, Integer> want = new EnumMap<>(ErrorKind.class);
    bad.forEach(b -> want.merge(b.expected(), 1, Integer::sum));
    want.merge(ErrorKind.DUPLICATE_EVENT, 1, Integer::sum);
    assertThat(dead).isEqualTo(want);
    assertThat(late)
        .singleElement()
        .extracting(DeadLetter::getKind)
        .isEqualTo(ErrorKind.LATE_EVENT);
  }

  /** KEYS keys × days [from, to), sent day by day across keys (as ForecastJobIT). */
  private static List<Observation> observations(int from, int to, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Observation> out = new ArrayList<>();
    for (int d = from; d < to; d++) {
      for (int k = 0; k < KEYS; k++) {
        out.add(TestModels.observation("station-" + k, d, (float) (10 + 3 * r.nextGaussian())));
      }
    }
    return out;
  }

  private static void assertNeverFailed(FlinkRest rest, String jobId) throws IOException {
    assertThat(rest.exceptions(jobId).path("exceptionHistory").path("entries"))
        .as("failures of job " + jobId)
        .isEmpty();
  }

  /**
   * The valid observations, the bad inputs in the middle, then (if asked) a duplicate and a late
   * event.
   */
  private static void produce(
      Properties kafka,
      List<Observation> valid,
      List<BadInputs.Bad> bad,
      boolean duplicateAndLate) {
    WireCodec<Observation> codec = WireCodec.observations();
    Properties p = new Properties();
    p.putAll(kafka);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < valid.size(); i++) {
        Observation o = valid.get(i);
        producer.send(new ProducerRecord<>("observations", bytes(o.getKey()), codec.encode(o)));
        if (i == valid.size() / 2) {
          bad.forEach(b -> producer.send(new ProducerRecord<>("observations", b.key(), b.value())));
        }
      }
      if (duplicateAndLate) {
        Observation duplicate = TestModels.observation("station-3", DAYS - 1, 1f);
        Observation late = TestModels.observation("station-4", 2, 1f);
        producer.send(
            new ProducerRecord<>("observations", bytes("station-3"), codec.encode(duplicate)));
        producer.send(new ProducerRecord<>("observations", bytes("station-4"), codec.encode(late)));
      }
      producer.flush();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> committed(Properties kafka, String topic) {
    return TopicReader.readAll(kafka, topic, true, Duration.ofSeconds(30));
  }

  private static <T> List<T> decode(List<ConsumerRecord<byte[], byte[]>> records, WireCodec<T> c) {
    return records.stream().map(r -> c.decode(r.value()).value()).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void closeAll(List<AutoCloseable> running) {
    synchronized (running) {
      closeAllLocked(running);
    }
  }

  private static void closeAllLocked(List<AutoCloseable> running) {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.out.println("stopping " + running.get(i) + ": " + e);
      }
    }
    running.clear();
  }

  /** Wall-clock marks since the test's start. */
  private static final class Timer {
    private final long t0 = System.nanoTime();
    private long last = t0;
    private final StringBuilder marks = new StringBuilder("timings:\n");

    void mark(String what) {
      long now = System.nanoTime();
      marks.append(
          String.format("  %7.1f s (+%5.1f s)  %s%n", (now - t0) / 1e9, (now - last) / 1e9, what));
      System.out.printf("[%6.1f s] %s%n", (now - t0) / 1e9, what);
      last = now;
    }

    @Override
    public String toString() {
      return marks.toString();
    }
  }
}
