package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.WindowSpec;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Section {@code window}: the fast kernel stepping the benchmark model as it is and with a
 * bidirectional window with attention ({@code stack.window}, {@link
 * io.statecast.model.WindowStacks}) of {@code W = 4, 8, 16, 32} events, side by side in turn at
 * batch 1 and 64. The window adds {@code W} backward steps of layer 0 and the attention per event
 * ({@link StepFlops}); the section shows what that costs in events/s.
 */
final class WindowSection {

  /** Batch sizes of the comparison: one key, a flush of 64. */
  static final int[] BATCHES = {1, 64};

  /** The window sizes compared with the plain model. */
  static final int[] SIZES = {4, 8, 16, 32};

  private WindowSection() {}

  static ObjectNode run(BenchSettings s) {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    ModelSpec spec = s.weights().spec();
    ObjectNode n = BenchJson.object();
    Map<String, ModelWeights> models;
    try {
      models = models(s.weights());
    } catch (IllegalArgumentException e) { // a preset a window cannot extend (projected, grid…)
      out.printf(Locale.ROOT, "%n== window: skipped: %s ==%n", e.getMessage());
      n.put("skipped", e.getMessage());
      return n;
    }
    ModelRace.heading(out, "window: FAST, plain vs bidirectional window with attention", spec, c);
    models.forEach(
        (name, w) ->
            out.printf(
                Locale.ROOT,
                "  %-6s %,11d FLOPs per event, %,6d floats of state per key%n",
                name,
                StepFlops.perEvent(w.spec()),
                w.spec().stateLayout().size()));
    new ModelRace(
            "plain",
            "relative",
            (row, m) -> {
              row.put("window", m.stack().windowSize());
              row.put("state_floats", m.stateLayout().size());
            })
        .run(models, BATCHES, c, out, n.putArray("results"));
    return n;
  }

  /**
   * The plain model and copies of its spec with a window of each of {@link #SIZES}, by name ({@code
   * plain}, {@code W=4}, …); the copies' weights are random, which costs the same.
   *
   * @throws IllegalArgumentException if the model cannot have a window
   */
  static Map<String, ModelWeights> models(ModelWeights plain) {
    Map<String, ModelWeights> m = new LinkedHashMap<>();
    m.put("plain", plain);
    ModelSpec spec = plain.spec();
    for (int w : SIZES) {
      ModelSpec windowed =
          new ModelSpec(
              spec.format(),
              spec.id() + "-w" + w,
              spec.version(),
              spec.description(),
              spec.inputs(),
              spec.cell(),
              spec.stack().withWindow(new WindowSpec(w)),
              spec.head());
      m.put("W=" + w, RandomWeights.of(windowed, w));
    }
    return m;
  }
}
