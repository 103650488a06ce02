package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Several models of one shape family stepped by the fast kernel side by side, round by round
 * ({@link Rounds#interleaved}), at each of a list of batch sizes, each reported against one of them
 * (the baseline): what the {@code lowrank} and {@code window} sections share.
 *
 * @param baseline the name of the model the others are compared with
 * @param ratioField the JSON name of each row's events/s over the baseline's
 * @param describe adds a row's model-specific fields (its rank, its window) to the row
 */
record ModelRace(String baseline, String ratioField, BiConsumer<ObjectNode, ModelSpec> describe) {

  /**
   * Prints a section's heading: {@code == title; I=… H=… L=…, R rounds of T ms ==} for the family's
   * shape {@code spec}.
   */
  static void heading(PrintWriter out, String title, ModelSpec spec, KernelBench.Config c) {
    out.printf(
        Locale.ROOT,
        "%n== %s; I=%d H=%d L=%d, %d rounds of %d ms ==%n",
        title,
        spec.inputSize(),
        spec.cell().hidden(),
        spec.layers(),
        c.rounds(),
        c.roundNanos() / 1_000_000);
  }

  /**
   * Races {@code models} at each of {@code batches}, prints one line per model and batch to {@code
   * out} and adds one row per model and batch to {@code rows}.
   */
  void run(
      Map<String, ModelWeights> models,
      int[] batches,
      KernelBench.Config c,
      PrintWriter out,
      ArrayNode rows) {
    for (int batch : batches) {
      Map<String, Rounds> r = atBatch(models, batch, c);
      double base = r.get(baseline).medianWall();
      for (Map.Entry<String, Rounds> e : r.entrySet()) {
        ModelSpec m = models.get(e.getKey()).spec();
        Rounds rounds = e.getValue();
        ObjectNode row = rows.addObject();
        row.put("batch", batch);
        row.put("model", e.getKey());
        describe.accept(row, m);
        row.put("flops_per_event", StepFlops.perEvent(m));
        row.put("events_per_s", rounds.medianWall());
        row.put("events_per_s_min", rounds.minWall());
        row.put("events_per_s_max", rounds.maxWall());
        row.put(ratioField, rounds.medianWall() / base);
        out.printf(
            Locale.ROOT,
            "  batch %4d %-6s %,12.0f events/s (%,.0f-%,.0f)  %.2fx %s%n",
            batch,
            e.getKey(),
            rounds.medianWall(),
            rounds.minWall(),
            rounds.maxWall(),
            rounds.medianWall() / base,
            baseline);
      }
      out.flush();
    }
  }

  /** Steps every model's kernel on random inputs, in turn, at {@code batch}. */
  private static Map<String, Rounds> atBatch(
      Map<String, ModelWeights> models, int batch, KernelBench.Config c) {
    List<StepKernel> open = new ArrayList<>();
    Map<String, Runnable> work = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, ModelWeights> e : models.entrySet()) {
        ModelSpec spec = e.getValue().spec();
        StepKernel k = KernelChoice.FAST.open(e.getValue(), c.threads());
        open.add(k);
        float[] x = KernelBench.randomInputs(batch * spec.inputSize(), batch); // (B, I)
        float[] state = new float[batch * spec.stateLayout().size()]; // (B, S)
        float[] forecast = new float[batch * Math.max(1, spec.head().outputs())]; // (B, Q·h)
        float[] output = new float[batch * spec.outputSize()]; // (B, R)
        boolean head = spec.head().present();
        work.put(
            e.getKey(),
            () -> k.step(batch, x, state, head ? null : output, head ? forecast : null));
      }
      return Rounds.interleaved(work, c.rounds(), c.roundNanos(), batch);
    } finally {
      open.forEach(StepKernel::close);
    }
  }
}
