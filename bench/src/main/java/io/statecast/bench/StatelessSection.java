package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Section {@code stateless}: the fast kernel stepping once per event from kept state, against
 * recomputing the model over the last {@code window} events from zero state for every event.
 */
final class StatelessSection {

  /** Target of stateful / stateless events/s. */
  static final double TARGET = 20;

  private StatelessSection() {}

  static ObjectNode run(BenchSettings s) {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    out.printf(
        Locale.ROOT,
        "%n== stateless: window of %d events recomputed per event vs one stateful step;"
            + " FAST, batch %d ==%n",
        s.window(),
        s.statelessBatch());
    out.flush();
    StatelessBench.Result r =
        StatelessBench.run(
            s.weights(),
            KernelChoice.FAST,
            c.threads(),
            s.statelessBatch(),
            s.window(),
            c.rounds(),
            c.roundNanos());
    ObjectNode n = BenchJson.object();
    n.put("engine", "FAST");
    n.put("batch", s.statelessBatch());
    n.put("window", s.window());
    n.put("stateful_events_per_s", r.stateful().medianWall());
    n.put("stateless_events_per_s", r.stateless().medianWall());
    n.put("stateful_cpu_events_per_s", r.stateful().medianCpu());
    n.put("stateless_cpu_events_per_s", r.stateless().medianCpu());
    ObjectNode ratio = BenchJson.ratio(r.ratio(), TARGET, "stateful / stateless events/s");
    n.set("ratio", ratio);
    out.printf(
        Locale.ROOT,
        "  stateful  %,14.0f events/s%n  stateless %,14.0f events/s%n"
            + "  stateful / stateless: %.1fx (target >= %.0fx: %s)%n",
        r.stateful().medianWall(),
        r.stateless().medianWall(),
        r.ratio(),
        TARGET,
        BenchJson.verdict(ratio));
    out.flush();
    return n;
  }
}
