package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.bench.naive.FusedKernel;
import io.statecast.bench.naive.Loops;
import io.statecast.bench.naive.NaiveKernel;
import io.statecast.bench.naive.PeepholeMatrices;
import io.statecast.cell.StepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Section {@code naive}: why the cell is fused. One batched step of the standard model (whatever
 * {@code --preset} says: the unfused cells compute only the fused variant), single-threaded, by
 *
 * <ul>
 *   <li>{@code NAIVE}: each gate from its own two products, eight per layer ({@link NaiveKernel}),
 *       in plain loops ({@link Loops#PLAIN});
 *   <li>{@code FUSED}: all gates from one product over {@code [x | h]} ({@link FusedKernel}), the
 *       same plain loops;
 *   <li>{@code NAIVE_TILED}, {@code FUSED_TILED}: the same two cells with their products through
 *       the fast kernel's packing and register-tiled micro-kernel ({@link Loops#TILED});
 *   <li>{@code FAST}: the production kernel ({@link FastKernels}), which also does the cell update
 *       on each tile's result;
 *   <li>{@code NAIVE_TILED_FULL_PEEPHOLE}: {@code NAIVE_TILED} whose gates also read the cell
 *       through full {@code H × H} matrices ({@link PeepholeMatrices}, random), three more
 *       products;
 *   <li>{@code FAST_PEEPHOLE}: the production kernel on the {@code peephole} variant of the same
 *       model (diagonal peepholes, element-wise).
 * </ul>
 *
 * The contenders take rounds in turn at each batch size ({@link Rounds#interleaved}); the medians
 * and their ratios are the result.
 */
final class NaiveSection {

  /** Batch sizes: one key, a few, and the batches the operator forms under load. */
  static final int[] BATCHES = {1, 8, 64, 256};

  private NaiveSection() {}

  static ObjectNode run(BenchSettings s) {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    ModelWeights weights = RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1);
    ModelSpec spec = weights.spec();
    long flops = StepFlops.perEvent(spec);
    Map<String, Supplier<StepKernel>> contenders = contenders(weights);
    out.printf(
        Locale.ROOT,
        "%n== naive: eight products vs one (plain loops) vs the fast kernel; %s, 1 thread;"
            + " %d rounds of %d ms, medians ==%n",
        spec.id(),
        c.rounds(),
        c.roundNanos() / 1_000_000);
    ObjectNode node = BenchJson.object();
    node.put("model", spec.id());
    node.put("threads", 1);
    node.put("rounds", c.rounds());
    node.put("round_ms", c.roundNanos() / 1_000_000);
    node.put("flops_per_event", flops);
    node.put("full_peephole_flops_per_event", flops + fullPeepholeFlops(spec));
    List<KernelBench.Result> results = new ArrayList<>();
    for (int batch : BATCHES) {
      Map<String, Rounds> r = atBatch(contenders, spec, batch, c);
      r.forEach((engine, rounds) -> results.add(new KernelBench.Result(batch, engine, rounds)));
      print(out, batch, r, flops, flops + fullPeepholeFlops(spec));
    }
    ArrayNode rows = node.putArray("results");
    results.forEach(r -> r.addTo(rows));
    node.set("ratios", ratios(results));
    return node;
  }

  /** The contenders, in the order they take their rounds. */
  static Map<String, Supplier<StepKernel>> contenders(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    ModelWeights peephole =
        RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD_PEEPHOLE), 1);
    PeepholeMatrices full = PeepholeMatrices.random(spec.layers(), spec.cell().hidden(), 1);
    Map<String, Supplier<StepKernel>> m = new LinkedHashMap<>();
    m.put("NAIVE", () -> new NaiveKernel(weights, Loops.PLAIN));
    m.put("FUSED", () -> new FusedKernel(weights, Loops.PLAIN));
    m.put("NAIVE_TILED", () -> new NaiveKernel(weights, Loops.TILED));
    m.put("FUSED_TILED", () -> new FusedKernel(weights, Loops.TILED));
    m.put("FAST", () -> FastKernels.create(weights, 1));
    m.put("NAIVE_TILED_FULL_PEEPHOLE", () -> new NaiveKernel(weights, Loops.TILED, full));
    m.put("FAST_PEEPHOLE", () -> FastKernels.create(peephole, 1));
    return m;
  }

  /** The three more products of full-matrix peepholes, {@code 2 · 3H²} FLOPs per layer. */
  static long fullPeepholeFlops(ModelSpec spec) {
    long h = spec.cell().hidden();
    return spec.layers() * 2 * 3 * h * h;
  }

  private static Map<String, Rounds> atBatch(
      Map<String, Supplier<StepKernel>> contenders,
      ModelSpec spec,
      int batch,
      KernelBench.Config c) {
    float[] x = KernelBench.randomInputs(batch * spec.inputSize(), batch);
    float[] forecast = new float[batch * spec.head().outputs()];
    List<StepKernel> open = new ArrayList<>();
    try {
      Map<String, Runnable> work = new LinkedHashMap<>();
      contenders.forEach(
          (name, make) -> {
            StepKernel k = make.get();
            open.add(k);
            float[] state = new float[batch * k.spec().stateLayout().size()];
            work.put(name, () -> k.step(batch, x, state, null, forecast));
          });
      return Rounds.interleaved(work, c.rounds(), c.roundNanos(), batch);
    } finally {
      open.forEach(StepKernel::close);
    }
  }

  /** One line per contender; GFLOP/s count the products only ({@link StepFlops}). */
  private static void print(
      PrintWriter out, int batch, Map<String, Rounds> r, long flops, long fullPeepholeFlops) {
    double naive = r.get("NAIVE").medianWall();
    r.forEach(
        (engine, rounds) ->
            out.printf(
                Locale.ROOT,
                "  batch %4d %-25s %,12.0f events/s (%,.0f-%,.0f) %6.2f GFLOP/s  %5.2fx naive%n",
                batch,
                engine,
                rounds.medianWall(),
                rounds.minWall(),
                rounds.maxWall(),
                rounds.medianWall()
                    * (engine.equals("NAIVE_TILED_FULL_PEEPHOLE") ? fullPeepholeFlops : flops)
                    / 1e9,
                rounds.medianWall() / naive));
    out.flush();
  }

  /** Puts {@code a_over_b}, the ratio of two contenders' median events/s at {@code batch}. */
  private static void ratio(
      ObjectNode n, List<KernelBench.Result> results, int batch, String a, String b) {
    n.put(
        (a + "_over_" + b).toLowerCase(Locale.ROOT),
        KernelSection.median(results, a, batch) / KernelSection.median(results, b, batch));
  }

  /**
   * Per batch, of the median events/s: the fusion with either loops (FUSED / NAIVE, FUSED_TILED /
   * NAIVE_TILED), the fast kernel against each, and what peepholes cost (NAIVE_TILED_FULL_PEEPHOLE
   * / NAIVE_TILED, FAST_PEEPHOLE / FAST).
   */
  private static ArrayNode ratios(List<KernelBench.Result> results) {
    ArrayNode a = BenchJson.MAPPER.createArrayNode();
    for (int batch : BATCHES) {
      ObjectNode n = a.addObject();
      n.put("batch", batch);
      ratio(n, results, batch, "FUSED", "NAIVE");
      ratio(n, results, batch, "FUSED_TILED", "NAIVE_TILED");
      ratio(n, results, batch, "FAST", "FUSED_TILED");
      ratio(n, results, batch, "FAST", "FUSED");
      ratio(n, results, batch, "FAST", "NAIVE");
      ratio(n, results, batch, "NAIVE_TILED_FULL_PEEPHOLE", "NAIVE_TILED");
      ratio(n, results, batch, "FAST_PEEPHOLE", "FAST");
    }
    return a;
  }
}
