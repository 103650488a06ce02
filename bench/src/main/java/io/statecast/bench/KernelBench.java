package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One batched step of the whole stack (every layer and the head), side by side: for every batch
 * size, each kernel — and PyTorch eager through a {@link TorchPeer}, when given — takes a short
 * round in turn, two warm-up rounds first; the medians over rounds are the result. Taking turns
 * means a burst of load from other processes hits every contender alike.
 */
public final class KernelBench {

  /** The name PyTorch eager is reported under. */
  public static final String TORCH = "TORCH";

  /**
   * What to measure.
   *
   * @param batches batch sizes
   * @param kernels the Java kernels
   * @param rounds measured rounds per contender and batch
   * @param roundNanos length of one round
   * @param threads intra-op threads of every contender
   * @param torchProcesses PyTorch processes that take the measured rounds in turn ({@link
   *     TorchPeer})
   */
  public record Config(
      int[] batches,
      List<KernelChoice> kernels,
      int rounds,
      long roundNanos,
      int threads,
      int torchProcesses) {

    public Config {
      if (batches.length == 0
          || rounds < 1
          || roundNanos < 1
          || threads < 1
          || torchProcesses < 1) {
        throw new IllegalArgumentException(
            "need batches, rounds ≥ 1, a round length, threads ≥ 1, PyTorch processes ≥ 1");
      }
      kernels = List.copyOf(kernels);
    }
  }

  /**
   * One contender at one batch size.
   *
   * @param batch the batch size
   * @param engine FAST, DJL, REFERENCE or {@link #TORCH}
   * @param rounds its rates over the measured rounds
   */
  public record Result(int batch, String engine, Rounds rounds) {

    /**
     * Appends this result to a JSON array: batch, engine, wall-clock median/min/max, CPU median,
     * and every round's wall-clock rate (PyTorch's go to its processes in turn).
     */
    public void addTo(ArrayNode rows) {
      ObjectNode n = rows.addObject();
      n.put("batch", batch);
      n.put("engine", engine);
      n.put("events_per_s", rounds.medianWall());
      n.put("events_per_s_min", rounds.minWall());
      n.put("events_per_s_max", rounds.maxWall());
      n.put("cpu_events_per_s", rounds.medianCpu());
      ArrayNode each = n.putArray("rounds_events_per_s");
      for (double v : rounds.wall()) {
        each.add(Math.round(v));
      }
    }
  }

  private final Config config;
  private final PrintWriter progress;

  public KernelBench(Config config, PrintWriter progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Runs every batch size; {@code torch} may be null (then PyTorch is not measured). */
  public List<Result> run(ModelWeights weights, TorchPeer torch) throws IOException {
    List<Result> all = new ArrayList<>();
    for (int batch : config.batches()) {
      Map<String, Rounds> r = atBatch(weights, batch, torch);
      r.forEach((engine, rounds) -> all.add(new Result(batch, engine, rounds)));
      r.forEach(
          (engine, rounds) ->
              progress.printf(
                  Locale.ROOT,
                  "  batch %5d %-9s %,14.0f events/s (%,.0f-%,.0f)  cpu-time %,14.0f%n",
                  batch,
                  engine,
                  rounds.medianWall(),
                  rounds.minWall(),
                  rounds.maxWall(),
                  rounds.medianCpu()));
      progress.flush();
    }
    return all;
  }

  private Map<String, Rounds> atBatch(ModelWeights weights, int batch, TorchPeer torch)
      throws IOException {
    ModelSpec spec = weights.spec();
    float[] x = randomInputs(batch * spec.inputSize(), batch);
    float[] forecast = new float[batch * spec.head().horizon()];
    Map<KernelChoice, StepKernel> kernels = new EnumMap<>(KernelChoice.class);
    Map<KernelChoice, float[]> states = new EnumMap<>(KernelChoice.class);
    Map<String, Rounds> results = new LinkedHashMap<>();
    try {
      for (KernelChoice kind : config.kernels()) {
        if (kind.measuredAt(batch)) {
          kernels.put(kind, kind.open(weights, config.threads()));
          states.put(kind, new float[batch * spec.stateLayout().size()]);
          results.put(kind.name(), Rounds.of(config.rounds()));
        }
      }
      if (torch != null) {
        results.put(TORCH, Rounds.of(config.rounds()));
      }
      for (int round = -2; round < config.rounds(); round++) {
        for (Map.Entry<KernelChoice, StepKernel> e : kernels.entrySet()) {
          StepKernel k = e.getValue();
          float[] state = states.get(e.getKey());
          results
              .get(e.getKey().name())
              .measure(
                  round, config.roundNanos(), batch, () -> k.step(batch, x, state, null, forecast));
        }
        if (torch != null) {
          torch.measure(round, config.roundNanos(), batch, results.get(TORCH));
        }
      }
    } finally {
      kernels.values().forEach(StepKernel::close);
    }
    return results;
  }

  /** Standard normal inputs, deterministic for a seed. */
  static float[] randomInputs(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** Where the shipped PyTorch script lives under a project directory. */
  public static Path torchScript(Path home) {
    return home.resolve("bench").resolve("torch_lstmcell.py");
  }
}
