package io.statecast.bench;

import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.model.StandardModels;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaConfig;
import io.statecast.testing.traffic.OutputWatcher;
import io.statecast.testing.traffic.Replayer;
import io.statecast.testing.traffic.SyntheticFeed;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Kafka → job → Kafka on the embedded stack, for a bounded number of events: an in-process broker,
 * the real job ({@link JobRunner#wireKafka}: Kafka source, Avro decode and validation, keyBy, the
 * forecast operator, Avro Kafka sinks) on a local Flink cluster, a {@link SyntheticFeed} sent as
 * fast as the producer goes, and a {@code read_committed} consumer counting forecasts and their
 * latency. Everything is started fresh for each run and stopped after it.
 */
public final class PipelineBench {

  /** How long the output may stop growing before a run gives up. */
  static final Duration STALL = Duration.ofSeconds(60);

  /**
   * The watcher's fetches wait for this much data (or {@link #WATCHER_FETCH_WAIT}). With Kafka's
   * default of one byte the watcher, always caught up, fetched every 2.5 ms whatever the job's rate
   * (≈ 3,500 fetches in an LSTM run of 9 s, ≈ 2,050 in an identity run of 5 s): a cost per second,
   * not per forecast, in the broker and the watcher, so the slower pipeline paid more of it per
   * event. With 64 KiB both make ≈ 750 fetches a run, and the broker and the watcher need 0.65–1.0
   * µs less CPU per event of an LSTM run, 0.16–0.47 of an identity run; the ratio moved 1–2 points
   * (medians of alternating e2e sections of five pairs, 2-core Sapphire Rapids, night of
   * 2026-12-06; docs/benchmarks.md).
   */
  static final int WATCHER_FETCH_BYTES = 64 * 1024;

  /**
   * The longest a watcher's fetch waits for {@link #WATCHER_FETCH_BYTES}: what it may add to the
   * <em>visible</em> latency (when the watcher sees a forecast) and to a run's end; the processing
   * latency (the forecast's Kafka timestamp) is not affected.
   */
  static final Duration WATCHER_FETCH_WAIT = Duration.ofMillis(20);

  private final Path workDir;
  private final PrintWriter progress;

  public PipelineBench(Path workDir, PrintWriter progress) {
    this.workDir = workDir;
    this.progress = progress;
  }

  /** Runs one configuration to its end and returns what it measured. */
  public PipelineRun.Measured run(PipelineRun run, String name) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory(workDir, "e2e-");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            EmbeddedKafkaConfig.builder()
                .optLogDirectory(dir.resolve("kafka"))
                .setDefaultPartitions(4)
                .build())) {
      KafkaSettings k = KafkaSettings.builder(kafka.bootstrapServers()).build();
      kafka.createTopics(
          Map.of(
              k.observationsTopic(), 4,
              k.forecastsTopic(), 4,
              k.deadLettersTopic(), 1,
              k.lateEventsTopic(), 1,
              k.anomaliesTopic(), 1,
              k.modelUpdatesTopic(), 1));
      JobSettings job = jobSettings(run, dir);
      try (LocalCluster cluster =
          LocalCluster.start(JobRunner.flinkConfiguration(job), run.parallelism(), "0")) {
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.getExecutionEnvironment(JobRunner.flinkConfiguration(job));
        JobRunner.wireKafka(env, k, job);
        JobID id = cluster.submit(env, "statecast-bench-" + name);
        try {
          return traffic(kafka, k, run, name);
        } finally {
          cluster.cancel(id, Duration.ofSeconds(30));
        }
      }
    } finally {
      BenchFiles.deleteQuietly(dir);
    }
  }

  private static JobSettings jobSettings(PipelineRun run, Path dir) {
    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(run.model().toString())
            .setKernels(run.kernels())
            .setBatch(run.batchSize(), run.flushInterval())
            .setOverlapSteps(run.overlapSteps())
            .build();
    return JobSettings.builder(op)
        .setCheckpointInterval(Duration.ofSeconds(1))
        .optCheckpointDir(dir.resolve("checkpoints").toUri().toString())
        .setParallelism(run.parallelism())
        .setStateBackend(run.backend())
        .setDelivery(run.delivery())
        .build();
  }

  private PipelineRun.Measured traffic(
      EmbeddedKafka kafka, KafkaSettings k, PipelineRun run, String name)
      throws InterruptedException {
    Properties watcherClient = kafka.clientProperties();
    watcherClient.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, WATCHER_FETCH_BYTES);
    watcherClient.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) WATCHER_FETCH_WAIT.toMillis());
    OutputWatcher watcher =
        new OutputWatcher(
            watcherClient,
            k.forecastsTopic(),
            List.of(k.deadLettersTopic(), k.lateEventsTopic()),
            false);
    SyntheticFeed synthetic =
        new SyntheticFeed(run.keys(), StandardModels.INPUTS, SyntheticFeed.START, 7);
    Replayer replayer =
        new Replayer(
            new BoundedFeed(synthetic, run.events()),
            kafka.producerProperties(),
            k.observationsTopic(),
            run.rate(),
            null);
    Thread w = daemon(watcher, "bench-watcher");
    Thread r = daemon(replayer, "bench-replayer");
    w.start();
    long startMillis = System.currentTimeMillis();
    long t0 = System.nanoTime();
    ThreadCpu cpu = ThreadCpu.start();
    r.start();
    long sendNanos = waitForOutput(watcher, replayer, run, name, t0, cpu);
    if (cpu != null) {
      cpu.sample();
    }
    watcher.stop();
    w.join(5000);
    long last = watcher.lastForecastMillis();
    return new PipelineRun.Measured(
        replayer.sent(),
        watcher.forecasts(),
        last <= 0 ? 0 : (last - startMillis) / 1000.0,
        sendNanos <= 0 ? 0 : replayer.sent() * 1e9 / sendNanos,
        watcher.processingLatency().percentile(50),
        watcher.processingLatency().percentile(99),
        watcher.visibleLatency().percentile(50),
        watcher.visibleLatency().percentile(99),
        cpu == null ? Map.of() : cpu.perEvent(watcher.forecasts()),
        cpu == null ? 0 : cpu.coresBusy());
  }

  /** Waits until every event came back (or the output stalls); returns how long sending took. */
  private long waitForOutput(
      OutputWatcher watcher,
      Replayer replayer,
      PipelineRun run,
      String name,
      long t0,
      ThreadCpu cpu)
      throws InterruptedException {
    long sendNanos = 0;
    long lastOut = -1;
    long lastProgress = System.nanoTime();
    long lastPrint = System.nanoTime();
    long polls = 0;
    while (true) {
      Thread.sleep(50);
      if (cpu != null && ++polls % 2 == 0) {
        cpu.sample(); // every 100 ms, so that threads ending before the run are counted
      }
      long now = System.nanoTime();
      if (replayer.finished() && sendNanos == 0) {
        sendNanos = now - t0;
      }
      long out = watcher.forecasts() + watcher.count("dead-letters");
      if (out != lastOut) {
        lastOut = out;
        lastProgress = now;
      }
      if (now - lastPrint > 2_000_000_000L) {
        lastPrint = now;
        progress.printf(
            Locale.ROOT,
            "    [%s %4.0fs] sent %,d | forecasts %,d%n",
            name,
            (now - t0) / 1e9,
            replayer.sent(),
            watcher.forecasts());
        progress.flush();
      }
      if (replayer.finished() && out >= replayer.sent()) {
        return sendNanos;
      }
      if (now - lastProgress > STALL.toNanos()) {
        progress.printf("    output stalled at %,d of %,d; giving up%n", out, run.events());
        replayer.stop();
        return sendNanos;
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
