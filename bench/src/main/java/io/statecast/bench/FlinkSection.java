package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.KernelFactory;
import io.statecast.job.ForecastJob;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.model.StandardModels;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.source.DecodedRecord;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import io.statecast.source.SourcePosition;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.traffic.SyntheticFeed;
import io.statecast.wire.WireCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The job without Kafka: the same {@link ForecastJob} graph (decode split, keyBy with the compact
 * serializer, the forecast operator with its batching, keyed state and checkpoints every second)
 * fed by a {@link DataGeneratorSource} of the e2e section's synthetic observations, its outputs
 * discarded. With no broker, producer or consumer on the machine, what is left is Flink and the
 * model, so this is where stepping on the operator's kernel thread ({@code --overlap-steps}) can
 * use a core the pipeline leaves free. Contenders, alternating: LSTM with steps on the operator
 * thread, LSTM with overlapped steps, LSTM with each step's rows split over every core (the fast
 * kernel's own helper threads), identity; events/s over the job's net run time and CPU per event by
 * thread role ({@link ThreadCpu}).
 */
final class FlinkSection {

  /**
   * The one model update of a run: another model's, which the job ignores (a registry topic carries
   * every model's updates), so that the update input is a bounded source that ends.
   */
  private static final ModelUpdateEvent OTHER_MODELS_UPDATE =
      new ModelUpdateEvent(
          ModelUpdate.newBuilder()
              .setModelId("another-model")
              .setVersion(1)
              .setArtifactUri("file:///nonexistent")
              .setManifestSha256("0".repeat(64))
              .setPolicy(StatePolicy.KEEP)
              .setPublishedAt(0)
              .build(),
          null,
          new SourcePosition("generated", 0, 0, 0));

  private FlinkSection() {}

  /** One contender of the section. */
  record Contender(String name, KernelFactory kernels, boolean overlap) {}

  /** What one run measured. */
  record Run(long events, double seconds, Map<String, Double> cpuMicrosPerEvent, double coresBusy) {
    double eventsPerSecond() {
      return seconds <= 0 ? 0 : events / seconds;
    }
  }

  static ObjectNode run(BenchSettings s) throws Exception {
    PrintWriter out = s.out();
    long events = 2 * s.e2eEvents();
    out.printf(
        Locale.ROOT,
        "%n== flink: the job without Kafka (generated input, discarded output), %,d events, %,d"
            + " keys, parallelism %d, batch %d ==%n",
        events,
        E2eSection.KEYS,
        s.parallelism(),
        s.batchSize());
    out.flush();
    int threads = s.e2eKernelThreads();
    int cores = Runtime.getRuntime().availableProcessors();
    List<Contender> contenders =
        List.of(
            new Contender("lstm", new Engine(EngineKind.FAST, threads, false), false),
            new Contender("lstm_overlapped", new Engine(EngineKind.FAST, threads, false), true),
            new Contender("lstm_all_cores", new Engine(EngineKind.FAST, cores, false), false),
            new Contender("identity", IdentityKernel.FACTORY, false));
    for (int i = 0; i < s.e2eWarmups(); i++) {
      for (Contender c : contenders) {
        print(out, "warm-up " + c.name(), runOnce(s, c, events));
      }
    }
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    for (int i = 0; i < s.e2eRepeats(); i++) {
      for (Contender c : contenders) {
        record(out, runs, c.name(), runOnce(s, c, events));
      }
    }
    ObjectNode n = BenchJson.object();
    n.put("events", events);
    n.put("keys", E2eSection.KEYS);
    n.put("parallelism", s.parallelism());
    n.put("batch_size", s.batchSize());
    n.put(
        "order",
        s.e2eWarmups()
            + " x discarded warm-up rounds, then "
            + s.e2eRepeats()
            + " x (LSTM, LSTM with overlapped steps, LSTM with the kernel on all cores, identity),"
            + " each on a fresh local cluster; medians over the repeats");
    n.put("kernel_threads", threads);
    n.put("all_cores_kernel_threads", cores);
    Map<String, Double> medians = medians(n, runs);
    double overlapRatio = medians.get("lstm_overlapped") / medians.get("lstm");
    double allCoresRatio = medians.get("lstm_all_cores") / medians.get("lstm");
    double ofIdentity = medians.get("lstm") / medians.get("identity");
    n.put("lstm_overlapped_over_inline", overlapRatio);
    n.put("lstm_all_cores_over_inline", allCoresRatio);
    n.put("lstm_over_identity", ofIdentity);
    out.printf(
        Locale.ROOT,
        "  LSTM with overlapped steps / on the operator thread: %.2fx; kernel on %d cores / on %d:"
            + " %.2fx; LSTM / identity %.0f%%%n",
        overlapRatio,
        cores,
        threads,
        allCoresRatio,
        100 * ofIdentity);
    out.flush();
    return n;
  }

  static Run runOnce(BenchSettings s, Contender c, long events) throws Exception {
    Path dir = Files.createTempDirectory(s.workDir(), "flink-");
    try {
      ForecastOperatorConfig op =
          ForecastOperatorConfig.builder(s.modelDir().toString())
              .setKernels(c.kernels())
              .setBatch(s.batchSize(), s.flushInterval())
              .setOverlapSteps(c.overlap())
              .build();
      JobSettings job = jobSettings(s, op, dir);
      StreamExecutionEnvironment env = localEnvironment(s, job);
      ForecastJob.Outputs outputs =
          ForecastJob.build(
              env,
              new DataGeneratorSource<>(
                  new SyntheticRecords(E2eSection.KEYS),
                  events,
                  TypeInformation.of(DecodedRecord.class)),
              new DataGeneratorSource<>(
                  i -> OTHER_MODELS_UPDATE, 1, TypeInformation.of(ModelUpdateEvent.class)),
              job);
      outputs.forecasts().sinkTo(new DiscardingSink<>());
      outputs.deadLetters().sinkTo(new DiscardingSink<>());
      outputs.lateEvents().sinkTo(new DiscardingSink<>());
      ThreadCpu cpu = ThreadCpu.start();
      Thread sampler = sampler(cpu);
      JobExecutionResult result;
      try {
        result = env.execute("statecast-bench-flink-" + c.name());
      } finally {
        sampler.interrupt();
        sampler.join(5_000);
      }
      if (cpu != null) {
        cpu.sample();
      }
      return new Run(
          events,
          result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0,
          cpu == null ? Map.of() : cpu.perEvent(events),
          cpu == null ? 0 : cpu.coresBusy());
    } finally {
      BenchFiles.deleteQuietly(dir);
    }
  }

  /** Samples the thread clocks every 100 ms until interrupted. */
  private static Thread sampler(ThreadCpu cpu) {
    Thread t =
        new Thread(
            () -> {
              while (cpu != null && !Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
                cpu.sample();
              }
            },
            "bench-cpu-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Adds {@code r} to {@code name}'s runs and prints its line. */
  static void record(PrintWriter out, Map<String, List<Run>> runs, String name, Run r) {
    runs.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    print(out, name, r);
  }

  /**
   * Puts each contender's median events/s, its runs and, where its runs measured them, the median
   * CPU split and cores busy into {@code n}; returns the medians by contender.
   */
  static Map<String, Double> medians(ObjectNode n, Map<String, List<Run>> runs) {
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      List<Run> rs = e.getValue();
      double median = Rounds.median(rs.stream().mapToDouble(Run::eventsPerSecond).toArray());
      medians.put(e.getKey(), median);
      ObjectNode m = n.putObject(e.getKey());
      m.put("events_per_s", median);
      if (rs.stream().anyMatch(r -> !r.cpuMicrosPerEvent().isEmpty())) {
        ObjectNode cpu = m.putObject("cpu_us_per_event");
        ThreadCpu.medians(rs.stream().map(Run::cpuMicrosPerEvent).toList()).forEach(cpu::put);
        m.put("cores_busy", Rounds.median(rs.stream().mapToDouble(Run::coresBusy).toArray()));
      }
      ArrayNode a = m.putArray("runs_events_per_s");
      rs.forEach(r -> a.add(r.eventsPerSecond()));
    }
    return medians;
  }

  /** The job of one run: checkpoints every second into {@code dir}, the bench's parallelism. */
  static JobSettings jobSettings(BenchSettings s, ForecastOperatorConfig op, Path dir) {
    return JobSettings.builder(op)
        .setCheckpointInterval(Duration.ofSeconds(1))
        .optCheckpointDir(dir.resolve("checkpoints").toUri().toString())
        .setParallelism(s.parallelism())
        .build();
  }

  /** A fresh local cluster for one run of {@code job}. */
  static StreamExecutionEnvironment localEnvironment(BenchSettings s, JobSettings job) {
    return LocalFlink.local(JobRunner.flinkConfiguration(job), s.parallelism());
  }

  /** The synthetic feed of one source reader (its own seed, so readers' keys' values differ). */
  static SyntheticFeed feed(int keys, SourceReaderContext context) {
    return new SyntheticFeed(
        keys, StandardModels.INPUTS, SyntheticFeed.START, 7 + context.getIndexOfSubtask());
  }

  /** One run's line; the CPU split where the run measured one (the SQL function's does not). */
  static void print(PrintWriter out, String name, Run r) {
    out.printf(
        Locale.ROOT,
        "  %-24s %,10.0f events/s (%,d in %.1f s)%s%n",
        name,
        r.eventsPerSecond(),
        r.events(),
        r.seconds(),
        r.cpuMicrosPerEvent().isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "; cpu us/event:%s; %.2f cores busy",
                ThreadCpu.describe(r.cpuMicrosPerEvent()),
                r.coresBusy()));
    out.flush();
  }

  /** The e2e section's synthetic observations, as decoded records, one feed per source reader. */
  static final class SyntheticRecords implements GeneratorFunction<Long, DecodedRecord> {
    private static final long serialVersionUID = 1L;
    private final int keys;
    private transient SyntheticFeed feed;
    private transient WireCodec<Observation> codec;

    SyntheticRecords(int keys) {
      this.keys = keys;
    }

    @Override
    public void open(SourceReaderContext context) {
      feed = feed(keys, context);
      codec = WireCodec.observations();
    }

    @Override
    public DecodedRecord map(Long index) {
      Observation o = feed.next();
      // with its bytes, as a record from Kafka carries them to the operator
      return DecodedRecord.of(
          new ObservationEvent(
              o, System.currentTimeMillis(), "generated", 0, index, codec.encode(o)));
    }
  }
}
