package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.compress.Compressor;
import io.statecast.model.CellSpec;
import io.statecast.model.CompressionSpec;
import io.statecast.model.Connection;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section {@code lowrank}: the fast kernel stepping the benchmark model with dense gate weights and
 * with the same weights factored at ranks {@code H/2}, {@code H/4} and {@code H/8} ({@code
 * statecast model compress --rank K}), side by side in turn at a few batch sizes. A factored weight
 * of {@code c} columns costs {@code K·c + 4H·K} multiply-adds per event instead of {@code 4H·c}
 * ({@link StepFlops}); the section shows how much of that saving the kernel turns into events/s.
 */
final class LowRankSection {

  /** Batch sizes of the comparison: one key, a small flush, a full one. */
  static final int[] BATCHES = {1, 16, 256};

  /** Ranks as divisors of the output size R. */
  static final int[] DIVISORS = {2, 4, 8};

  private LowRankSection() {}

  static ObjectNode run(BenchSettings s) {
    ObjectNode n = BenchJson.object();
    n.set("benchmark_model", run(s, s.weights()));
    n.set("trained_shape", run(s, RandomWeights.of(trainedShape(), 1)));
    return n;
  }

  /**
   * The shape of the model {@code statecast train} gives by default on a daily data set with six
   * inputs (the target, day of week and year as sine and cosine, the gap): one fused layer of 96, a
   * 7-step head of five quantile levels with an autoregressive term over 14 values.
   */
  static ModelSpec trainedShape() {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "trained-shape",
        1,
        "",
        InputSpec.raw(6),
        CellSpec.fused(96),
        new StackSpec(1, Connection.PLAIN),
        new HeadSpec(7, 14, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false));
  }

  private static ObjectNode run(BenchSettings s, ModelWeights weights) {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    Map<String, ModelWeights> models = models(weights);
    ModelSpec spec = weights.spec();
    ModelRace.heading(out, "lowrank: FAST, dense vs factored gate weights (rank K)", spec, c);
    models.forEach(
        (name, w) ->
            out.printf(
                Locale.ROOT, "  %-6s %,9d FLOPs per event%n", name, StepFlops.perEvent(w.spec())));
    ObjectNode n = BenchJson.object();
    new ModelRace("dense", "speedup", (row, m) -> row.put("rank", m.cell().rank()))
        .run(models, BATCHES, c, out, n.putArray("results"));
    return n;
  }

  /** The dense model and its factored copies, by name ({@code dense}, {@code K=64}, …). */
  static Map<String, ModelWeights> models(ModelWeights dense) {
    Map<String, ModelWeights> m = new LinkedHashMap<>();
    m.put("dense", dense);
    int r = dense.spec().outputSize();
    for (int d : DIVISORS) {
      int k = Math.max(1, r / d);
      CompressionSpec how = new CompressionSpec(0, 0, k, null);
      if (m.containsKey("K=" + k)) {
        continue;
      }
      m.put("K=" + k, Compressor.compress(dense, how, dense.spec().id() + "-" + how.tag()));
    }
    return m;
  }
}
