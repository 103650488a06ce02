package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.job.BatchingOptions;
import io.statecast.job.StateBackendKind;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast bench}: the performance comparisons, side by side in one run. */
@Command(
    name = "bench",
    description =
        "Benchmarks side by side in one run: step kernels vs PyTorch eager (kernel), the naive"
            + " eight-product cell vs the fused one vs the fast kernel (naive), stateful vs"
            + " stateless recomputation (stateless), Kafka -> job -> Kafka with the LSTM vs an"
            + " identity model (e2e), bytes per key and events/s by key count (state), states on"
            + " the host vs resident on the DJL kernel's device (resident), ns per record of the"
            + " codecs and the keyBy edge (codec), the job without Kafka with its CPU per event by"
            + " thread role (flink), the batched operator against the SQL function (sql). Prints tables and writes bench.json and bench.html.",
    mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {

  /**
   * Measured pairs of the e2e and flink sections. With three, one burst of load from the machine's
   * other tenants decided a verdict: the recording of the night of 2026-12-06 printed the e2e
   * target "met" at 67 % on pairs of 55 %, 67 % and 120 % (one identity run slowed to 97,000
   * events/s), where five pairs on a quieter machine gave 58 %. Five cost about 70 s more in the
   * e2e section and 100 s in the flink section: a full run takes 12–14 minutes instead of 10.
   */
  static final int DEFAULT_REPEATS = 5;

  /** The sections, in the order they run. */
  public enum Section {
    KERNEL,
    NAIVE,
    STATELESS,
    E2E,
    STATE,
    RESIDENT,
    CODEC,
    FLINK,
    SQL,
    LOWRANK,
    WINDOW
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sections",
      split = ",",
      description =
          "kernel, naive, stateless, e2e, state, resident, codec, flink, sql, lowrank, window"
              + " (default: all).")
  Set<Section> sections;

  @Option(names = "--quick", description = "Short rounds, small batches and few events.")
  boolean quick;

  @Option(
      names = "--out",
      description = "Where bench.json and bench.html go (default: target/bench).")
  Path outDir;

  @Option(
      names = "--preset",
      defaultValue = "STANDARD",
      description =
          "standard, standard_peephole, standard_projection or standard_grid (default:"
              + " standard).")
  StandardModels.Preset preset;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Intra-op threads of every kernel and of PyTorch (default: 1).")
  int threads;

  @Option(names = "--batches", split = ",", description = "Kernel batch sizes.")
  int[] batches;

  @Option(
      names = "--kernels",
      split = ",",
      description = "Java kernels to compare (default: fast,djl,reference).")
  List<KernelChoice> kernels;

  @Option(names = "--rounds", description = "Rounds per contender (default: 10; quick 3).")
  Integer rounds;

  @Option(names = "--round-ms", description = "Length of a round (default: 300; quick 40).")
  Integer roundMs;

  @Option(names = "--no-torch", description = "Do not run PyTorch eager.")
  boolean noTorch;

  @Option(
      names = "--torch-processes",
      description =
          "PyTorch processes taking the measured rounds in turn: its speed differs more between"
              + " processes than between rounds (default: 5; quick 1).")
  Integer torchProcesses;

  @Option(names = "--events", description = "Events per e2e run (default: 1000000; quick 20000).")
  Long events;

  @Option(
      names = "--repeats",
      description =
          "Alternating LSTM/identity run pairs of the e2e and flink sections (default: 5; quick"
              + " 1).")
  Integer repeats;

  @Option(
      names = "--warmups",
      description =
          "Discarded identity/LSTM e2e run pairs before the measured ones (default: 2; quick 1).")
  Integer warmups;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Job parallelism of the e2e runs (default: 1).")
  int parallelism;

  @Mixin BatchingOptions batching = new BatchingOptions();

  @Option(names = "--exactly-once", description = "Exactly-once sinks in the e2e runs.")
  boolean exactlyOnce;

  @Option(
      names = "--state-keys",
      split = ",",
      description = "Key counts of the state section (default: 10000,1000000; quick 1000,10000).")
  List<Integer> stateKeys;

  @Option(
      names = "--state-backend",
      defaultValue = "HEAP",
      description =
          "Backend of the state section's runs by key count: heap or rocksdb (default: heap).")
  StateBackendKind stateBackend;

  @Option(names = "--rocksdb-10m", description = "Also run 10,000,000 keys on RocksDB (long).")
  boolean rocksDb10m;

  @Option(
      names = "--e2e-kernel-threads",
      defaultValue = "1",
      description =
          "Fast-kernel threads of the LSTM runs of the e2e and flink sections (default: 1).")
  int e2eKernelThreads;

  @Option(
      names = "--gpu",
      description = "Section resident: run the DJL kernels on the GPU (the cuda build).")
  boolean gpu;

  @Option(
      names = "--resident-keys",
      description = "Section resident: states in the table (default: 16384; quick 1024).")
  Integer residentKeys;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = home();
    Path dir = (outDir != null ? outDir : home.resolve("target/bench")).toAbsolutePath();
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory(dir, "work-");
    try {
      BenchSettings s = settings(out, home, work);
      ObjectNode report = BenchReport.header(s, quick);
      out.printf("heap: %s%n", report.path("machine").path("heap_pages").asText());
      for (Section section : selected()) {
        report.set(section.name().toLowerCase(java.util.Locale.ROOT), run(section, s));
      }
      BenchReport.write(report, dir);
      out.printf("%nwrote %s and %s%n", dir.resolve("bench.json"), dir.resolve("bench.html"));
      out.flush();
    } finally {
      BenchFiles.deleteQuietly(work);
    }
    return 0;
  }

  private static ObjectNode run(Section section, BenchSettings s) throws Exception {
    return switch (section) {
      case KERNEL -> KernelSection.run(s);
      case NAIVE -> NaiveSection.run(s);
      case STATELESS -> StatelessSection.run(s);
      case E2E -> E2eSection.run(s);
      case STATE -> StateSection.run(s);
      case RESIDENT -> ResidentSection.run(s);
      case CODEC -> CodecSection.run(s);
      case FLINK -> FlinkSection.run(s);
      case SQL -> SqlSection.run(s);
      case LOWRANK -> LowRankSection.run(s);
      case WINDOW -> WindowSection.run(s);
    };
  }

  private Set<Section> selected() {
    return sections == null || sections.isEmpty()
        ? EnumSet.allOf(Section.class)
        : EnumSet.copyOf(sections);
  }

  private BenchSettings settings(PrintWriter out, Path home, Path work) throws Exception {
    ModelWeights weights = RandomWeights.of(StandardModels.spec(preset), 1);
    Path modelDir = work.resolve("model");
    ModelArtifact.write(modelDir, weights, Map.of());
    int[] b = batches != null ? batches : quick ? new int[] {1, 16, 64} : defaultBatches();
    KernelBench.Config kernel =
        new KernelBench.Config(
            b,
            kernels != null ? kernels : List.of(KernelChoice.values()),
            rounds != null ? rounds : quick ? 3 : 10,
            (roundMs != null ? roundMs : quick ? 40 : 300) * 1_000_000L,
            threads,
            torchProcesses != null ? torchProcesses : quick ? 1 : 5);
    return new BenchSettings(
        weights,
        modelDir,
        home,
        work,
        out,
        kernel,
        !noTorch,
        quick ? 64 : KernelSection.RATIO_BATCH,
        64,
        events != null ? events : quick ? 20_000 : 1_000_000,
        repeats != null ? repeats : quick ? 1 : DEFAULT_REPEATS,
        warmups != null ? warmups : quick ? 1 : 2,
        parallelism,
        batching.batchSize(),
        batching.flushInterval(),
        exactlyOnce,
        stateKeys != null ? stateKeys : quick ? List.of(1_000, 10_000) : List.of(10_000, 1_000_000),
        stateBackend,
        quick ? 2_000 : 20_000,
        rocksDb10m,
        e2eKernelThreads,
        !selected().contains(Section.RESIDENT)
            ? null
            : new ResidentBench.Config(
                DjlRuntime.device(gpu),
                b,
                residentKeys != null ? residentKeys : quick ? 1_024 : 16_384,
                kernel.rounds(),
                kernel.roundNanos()));
  }

  private static int[] defaultBatches() {
    return new int[] {1, 16, 64, 256, 1024, 4096};
  }

  /**
   * The project directory: {@code -Dstatecast.home} (set by the launcher), else the working
   * directory or the nearest parent holding {@code bench/torch_lstmcell.py}.
   */
  static Path home() {
    String h = System.getProperty("statecast.home");
    Path start = Path.of(h == null ? "." : h).toAbsolutePath().normalize();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(KernelBench.torchScript(p))) {
        return p;
      }
    }
    return start;
  }
}
