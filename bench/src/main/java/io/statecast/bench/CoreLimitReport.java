package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.model.ModelSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The kernel section's distance to the hardware's limit: one core's FMA peak and the gate tile's
 * rate ({@link CoreLimitBench}), and the FLOP/s of each contender's step at the headline batch
 * ({@link StepFlops}: products only), as a share of the peak of the cores it runs on.
 *
 * <pre>
 * step GFLOP/s = events/s · FLOPs per event
 * share        = step GFLOP/s / (threads · one core's peak)
 * bound        = threads · peak / FLOPs per event      (events/s if nothing but products ran, at the peak)
 * </pre>
 */
final class CoreLimitReport {

  private CoreLimitReport() {}

  static ObjectNode run(
      ModelSpec spec,
      KernelBench.Config c,
      List<KernelBench.Result> results,
      int batch,
      PrintWriter out) {
    CoreLimitBench.Result limit = CoreLimitBench.run(spec, c.rounds(), c.roundNanos());
    long flops = StepFlops.perEvent(spec);
    double peak = limit.peak().medianWall();
    double tile = limit.tile().medianWall();
    double cores = c.threads() * peak;
    ObjectNode n = BenchJson.object();
    n.put(
        "method",
        "one core, Vector API: 12 FMA chains on registers (peak) and one "
            + "tile of rows times the widest layer's gate weights (tile), rounds in turn with the"
            + " same round length; step FLOPs count the matrix products only");
    n.put("fma_peak_gflops", peak / 1e9);
    n.set("fma_peak_rounds_gflops", gflops(limit.peak().wall()));
    n.put("gate_tile_k", limit.k());
    n.put("gate_tile_n", limit.n());
    n.put("gate_tile_gflops", tile / 1e9);
    n.set("gate_tile_rounds_gflops", gflops(limit.tile().wall()));
    n.put("gate_tile_of_peak", tile / peak);
    n.put("flops_per_event", flops);
    n.put("threads", c.threads());
    double bound = c.threads() * limit.boundEventsPerSecond(flops);
    n.put("bound_events_per_s", bound);
    out.printf(
        Locale.ROOT,
        "  one core's limit: FMA peak %.1f GFLOP/s (12 chains on registers); gate tile (k %d, n %d)"
            + " %.1f GFLOP/s = %.0f %% of it%n",
        peak / 1e9,
        limit.k(),
        limit.n(),
        tile / 1e9,
        100 * tile / peak);
    ObjectNode steps = BenchJson.object();
    for (KernelBench.Result r : results) {
      if (r.batch() != batch) {
        continue;
      }
      double events = r.rounds().medianWall();
      double stepFlops = events * flops; // FLOP/s
      ObjectNode e = BenchJson.object();
      e.put("events_per_s", events);
      e.put("gflops", stepFlops / 1e9);
      e.put("of_peak", stepFlops / cores);
      steps.set(r.engine(), e);
      out.printf(
          Locale.ROOT,
          "    %-9s at batch %d: %,.0f events/s x %,d FLOP = %.1f GFLOP/s = %.0f %% of %s peak%n",
          r.engine(),
          batch,
          events,
          flops,
          stepFlops / 1e9,
          100 * stepFlops / cores,
          c.threads() == 1 ? "the core's" : c.threads() + " cores'");
    }
    n.set("steps_b" + batch, steps);
    out.printf(Locale.ROOT, "    a step of products only, at the peak: %,.0f events/s%n", bound);
    out.flush();
    return n;
  }

  private static ArrayNode gflops(double[] rates) {
    ArrayNode a = BenchJson.MAPPER.createArrayNode();
    for (double r : rates) {
      a.add(r / 1e9);
    }
    return a;
  }
}
