package io.statecast.demo;

import io.statecast.avro.Forecast;
import io.statecast.dashboard.DashboardLimits;
import io.statecast.features.ValidationRules;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaConfig;
import io.statecast.testing.traffic.ObservationFeed;
import io.statecast.testing.traffic.OutputWatcher;
import io.statecast.testing.traffic.Replayer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded default: a Kafka broker in this process (KRaft, 127.0.0.1), the topics, the job on a
 * local Flink cluster with its web UI, the model server with the live dashboard ({@link
 * ModelServing}), a replay of a data set, and a live view in the terminal; at the end (or on {@link
 * #stop()}, which Ctrl-C calls) a summary, after which it returns or, with {@link
 * DemoSettings#keepRunning()}, keeps everything up until stopped. Everything it started is stopped
 * and its files deleted on {@link #close()}.
 *
 * <p>All of it in one value format ({@link DemoSettings#format()}): the replay encodes the
 * observations in it, the job reads and writes it ({@link #kafkaSettings}), and the watcher and the
 * dashboard decode it.
 */
public final class EmbeddedDemo implements AutoCloseable {

  static final String OBSERVATIONS = "observations";
  static final String FORECASTS = "forecasts";
  static final String DEAD_LETTERS = "dead-letters";
  static final String LATE_EVENTS = "late-events";
  static final String ANOMALIES = "anomalies";
  static final String MODEL_UPDATES = "model-updates";

  /** How long the output may stop growing after the replay before the demo gives up on it. */
  static final Duration STALL = Duration.ofSeconds(30);

  /** Longest wait for the job's tasks to run before the replay starts. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final DemoSettings settings;
  private final ObservationFeed feed;
  private final PrintWriter out;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private EmbeddedKafka kafka;
  private LocalCluster cluster;
  private ModelServing serving;
  private JobID job;
  private Replayer replayer;
  private OutputWatcher watcher;
  private long startNanos;

  public EmbeddedDemo(DemoSettings settings, ObservationFeed feed, PrintWriter out) {
    this.settings = settings;
    this.feed = feed;
    this.out = out;
  }

  /** Runs the demo to its end (or until stopped) and prints the summary. */
  public DemoSummary run() throws Exception {
    startInfrastructure();
    startTraffic();
    watch();
    DemoSummary summary = summary();
    summary.print(out);
    if (settings.keepRunning() && !stopped.get()) {
      out.println("the dashboard and Flink's web UI stay up until Ctrl-C (--keep-running)");
      out.flush();
      stopRequested.await();
    }
    return summary;
  }

  private void startInfrastructure() throws Exception {
    out.println("starting Kafka (in-process KRaft broker on 127.0.0.1)...");
    out.flush();
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafkaConfig.builder()
                .optLogDirectory(settings.workDir().resolve("kafka"))
                .setDefaultPartitions(4)
                .build());
    kafka.createTopics(
        Map.of(
            OBSERVATIONS, 4,
            FORECASTS, 4,
            DEAD_LETTERS, 1,
            LATE_EVENTS, 1,
            ANOMALIES, 1,
            MODEL_UPDATES, 1));
    JobSettings job = jobSettings(settings);
    cluster =
        LocalCluster.start(
            JobRunner.flinkConfiguration(job), settings.parallelism(), settings.webPorts());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobRunner.flinkConfiguration(job));
    JobRunner.wireKafka(env, kafkaSettings(settings, kafka.bootstrapServers()), job);
    this.job = cluster.submit(env, "statecast-demo");
    cluster.awaitAllTasksRunning(this.job, START_TIMEOUT);
    out.printf(
        "Kafka at %s; Flink web UI at %s; job %s%n",
        kafka.bootstrapServers(), cluster.webUi(), this.job);
    startServing();
  }

  private void startServing() throws Exception {
    int port = ModelServing.choosePort(settings.serverPort());
    if (settings.serverPort() == null && port == 0) {
      out.printf(
          "%s:%d is in use: the model server takes a free port (choose one with --server-port)%n",
          ModelServing.HOST, DemoSettings.DEFAULT_SERVER_PORT);
    }
    serving =
        ModelServing.start(
            settings.model(),
            settings.workDir().resolve("registry"),
            kafka.bootstrapServers(),
            port,
            settings.engine(),
            settings.showKeys().stream().limit(DashboardLimits.DEFAULT.maxWatchedKeys()).toList(),
            settings.format());
    out.printf(
        "dashboard at %s; model server at %s (model '%s': curl %sv2/models/%s)%n",
        serving.dashboardUrl(),
        serving.serverUrl(),
        serving.modelId(),
        serving.serverUrl(),
        serving.modelId());
    out.flush();
  }

  /** The Kafka side of the job the demo runs: the default topics, in the demo's value format. */
  static KafkaSettings kafkaSettings(DemoSettings settings, String bootstrapServers) {
    return KafkaSettings.builder(bootstrapServers).setValueFormat(settings.format()).build();
  }

  /** The job the demo runs for {@code settings}. */
  static JobSettings jobSettings(DemoSettings settings) {
    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(settings.model().toString())
            .setBatch(settings.batchSize(), settings.flushInterval())
            .setKernels(settings.engine())
            .build();
    return JobSettings.builder(op)
        .setValidation(
            ValidationRules.builder().setAcceptEpochZero(settings.acceptEpochZero()).build())
        .setCheckpointInterval(settings.checkpointInterval())
        .optCheckpointDir(settings.workDir().resolve("checkpoints").toUri().toString())
        .setParallelism(settings.parallelism())
        .build();
  }

  private void startTraffic() {
    watcher =
        new OutputWatcher(
            kafka.clientProperties(),
            FORECASTS,
            List.of(DEAD_LETTERS, LATE_EVENTS),
            true,
            settings.format());
    replayer =
        new Replayer(
            feed,
            kafka.producerProperties(),
            OBSERVATIONS,
            settings.eventsPerSecond(),
            settings.duration(),
            settings.format());
    startNanos = System.nanoTime();
    daemon(watcher, "demo-watcher").start();
    daemon(replayer, "demo-replayer").start();
    out.println(
        "replaying "
            + feed.describe()
            + " as "
            + settings.format().format()
            + (Double.isInfinite(settings.eventsPerSecond())
                ? " as fast as possible"
                : String.format(Locale.ROOT, " at %,.0f events/s", settings.eventsPerSecond())));
    out.flush();
  }

  /**
   * Prints a line a second until the replay is over and all its output is in, or until stopped;
   * after the replay, gives up when the output stops growing for {@link #STALL}.
   */
  private void watch() throws InterruptedException {
    long lastSent = 0;
    long lastOut = 0;
    long lastProgress = System.nanoTime();
    while (!stopped.get()) {
      Thread.sleep(1000);
      long sent = replayer.sent();
      long outNow = watcher.forecasts() + watcher.count(DEAD_LETTERS) + watcher.count(LATE_EVENTS);
      printLine(sent, sent - lastSent, watcher.forecasts() - lastOut);
      if (outNow > lastOut || sent > lastSent) {
        lastProgress = System.nanoTime();
      }
      lastSent = sent;
      lastOut = watcher.forecasts();
      if (replayer.finished() && outNow >= sent) {
        break;
      }
      if (replayer.finished() && System.nanoTime() - lastProgress > STALL.toNanos()) {
        out.printf("output stalled at %,d of %,d for %s; stopping%n", outNow, sent, STALL);
        break;
      }
    }
  }

  private void printLine(long sent, long sentRate, long outRate) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(
        Locale.ROOT,
        "[%4.0fs] in %,d (%,d/s) | forecasts %,d (%,d/s) | dead %,d late %,d | latency p50 %d ms p99 %d ms%n",
        seconds,
        sent,
        sentRate,
        watcher.forecasts(),
        outRate,
        watcher.count(DEAD_LETTERS),
        watcher.count(LATE_EVENTS),
        watcher.processingLatency().percentile(50),
        watcher.processingLatency().percentile(99));
    for (String key : settings.showKeys()) {
      Forecast f = watcher.latest(key);
      if (f != null) {
        out.printf(
            Locale.ROOT,
            "        %-12s %s actual %8.3f  next %s (model v%d, %,d steps)%n",
            key,
            java.time.Instant.ofEpochMilli(f.getEventTime()).toString().substring(0, 10),
            f.getTarget() == null ? Float.NaN : f.getTarget(),
            head(f.getValues()),
            f.getModelVersion(),
            f.getSteps());
      }
    }
    out.flush();
  }

  private static String head(List<Float> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(3, values.size()); i++) {
      sb.append(String.format(Locale.ROOT, "%.3f ", values.get(i)));
    }
    return sb.append(values.size() > 3 ? "…" : "").toString().strip();
  }

  private DemoSummary summary() {
    return new DemoSummary(
        replayer.sent(),
        watcher.forecasts(),
        watcher.count(DEAD_LETTERS),
        watcher.count(LATE_EVENTS),
        (System.nanoTime() - startNanos) / 1e9,
        watcher.activeSeconds(),
        watcher.processingLatency().percentile(50),
        watcher.processingLatency().percentile(99),
        watcher.visibleLatency().percentile(50),
        watcher.visibleLatency().percentile(99),
        watcher.accuracy().scores());
  }

  /** Stops the replay and the watching; {@link #run()} then prints its summary and returns. */
  public void stop() {
    stopped.set(true);
    stopRequested.countDown();
    if (replayer != null) {
      replayer.stop();
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    if (watcher != null) {
      watcher.stop();
    }
    try {
      if (cluster != null && job != null) {
        cluster.cancel(job, Duration.ofSeconds(30));
      }
    } finally {
      if (serving != null) {
        serving.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
