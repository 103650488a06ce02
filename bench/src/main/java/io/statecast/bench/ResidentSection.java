package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Section {@code resident}: where the states live — the fast kernel on the host, DJL copying the
 * batch's states in and out of every step, DJL with the states resident on its device ({@link
 * ResidentBench}); on the CPU here, on a GPU with {@code --gpu} and the {@code cuda} build.
 */
final class ResidentSection {

  private ResidentSection() {}

  static ObjectNode run(BenchSettings s) {
    PrintWriter out = s.out();
    ResidentBench.Config c = s.resident();
    out.printf(
        Locale.ROOT,
        "%n== resident: %s, states on the host vs resident on %s; %,d keys, %d rounds of %d ms ==%n",
        s.weights().spec().id(),
        c.device(),
        c.keys(),
        c.rounds(),
        c.roundNanos() / 1_000_000);
    out.flush();
    ResidentBench.Report report = new ResidentBench(c, out).run(s.weights());
    ObjectNode n = ResidentBenchCommand.json(c, report);
    int ratioBatch = c.largestBatch();
    double resident = KernelSection.median(report.results(), "DJL_RESIDENT", ratioBatch);
    double copy = KernelSection.median(report.results(), "DJL_COPY", ratioBatch);
    n.set(
        "resident_over_copy_b" + ratioBatch,
        BenchJson.ratio(
            resident / copy,
            1.0,
            "DJL resident / DJL copying the states, events/s at batch " + ratioBatch));
    out.printf(
        Locale.ROOT,
        "  DJL resident / DJL copying states at batch %d: %.2fx%n",
        ratioBatch,
        resident / copy);
    out.flush();
    return n;
  }
}
