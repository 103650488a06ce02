package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Section {@code kernel}: one batched step of the whole stack, every kernel and PyTorch eager. */
final class KernelSection {

  /** The batch of the headline ratio FAST / PyTorch. */
  static final int RATIO_BATCH = 256;

  /** Target of FAST / PyTorch eager at {@link #RATIO_BATCH}. */
  static final double TARGET = 1.5;

  private KernelSection() {}

  static ObjectNode run(BenchSettings s) throws IOException {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    out.printf(
        Locale.ROOT,
        "%n== kernel: one batched step of %s, %d thread(s); %d rounds of %d ms, medians ==%n",
        s.weights().spec().id(),
        c.threads(),
        c.rounds(),
        c.roundNanos() / 1_000_000);
    ObjectNode node = BenchJson.object();
    node.put("model", s.weights().spec().id());
    node.put("threads", c.threads());
    node.put("rounds", c.rounds());
    node.put("round_ms", c.roundNanos() / 1_000_000);
    Optional<String> skip = torchUnavailable(s);
    TorchPeer torch = null;
    try {
      if (skip.isEmpty()) {
        torch =
            TorchPeer.start(script(s), s.weights(), c.threads(), s.workDir(), c.torchProcesses());
        node.put("torch", "PyTorch " + torch.version() + " eager (" + torchStack(s) + " + Linear)");
        node.put("torch_blas", torch.blas());
        node.put("torch_processes", torch.processes());
        node.put("torch_glibc_tunables", TorchPeer.mallocTunables());
        out.printf(
            Locale.ROOT,
            "  PyTorch %s eager in %d process(es) taking rounds in turn, BLAS: %s%n",
            torch.version(),
            torch.processes(),
            torch.blas());
        if (torch.referenceBlas()) {
          node.put("torch_warning", TorchPeer.BLAS_HINT);
          out.println("  warning: " + TorchPeer.BLAS_HINT);
        }
        node.put(
            "interleaving",
            "every contender, PyTorch included, takes one round in turn at each batch size;"
                + " PyTorch's measured rounds go to its processes in turn");
      } else {
        node.put("torch", "skipped: " + skip.get());
        out.println("  PyTorch eager skipped: " + skip.get());
      }
      out.flush();
      List<KernelBench.Result> results = new KernelBench(c, out).run(s.weights(), torch);
      node.set("results", results(results));
      node.set("ratios", ratios(results, out));
      node.set("core_limit", CoreLimitReport.run(s.weights().spec(), c, results, RATIO_BATCH, out));
    } finally {
      if (torch != null) {
        torch.close();
      }
    }
    return node;
  }

  private static Optional<String> torchUnavailable(BenchSettings s) {
    if (!s.torch()) {
      return Optional.of("not asked for (--no-torch)");
    }
    if (s.weights().spec().cell().variant() != CellVariant.FUSED) {
      return Optional.of("PyTorch's LSTM has no peepholes");
    }
    if (s.weights().spec().stack().connection() == Connection.GRID) {
      return Optional.of("PyTorch has no Grid LSTM");
    }
    return TorchPeer.unavailableReason(script(s));
  }

  /** What the PyTorch baseline steps per layer. */
  private static String torchStack(BenchSettings s) {
    return s.weights().spec().cell().projected()
        ? "one-step nn.LSTM with proj_size per layer"
        : "nn.LSTMCell per layer";
  }

  private static Path script(BenchSettings s) {
    return KernelBench.torchScript(s.home());
  }

  private static ArrayNode results(List<KernelBench.Result> results) {
    ArrayNode a = BenchJson.MAPPER.createArrayNode();
    results.forEach(r -> r.addTo(a));
    return a;
  }

  private static ObjectNode ratios(List<KernelBench.Result> results, PrintWriter out) {
    ObjectNode n = BenchJson.object();
    double fast = median(results, "FAST", RATIO_BATCH);
    double torch = median(results, KernelBench.TORCH, RATIO_BATCH);
    ObjectNode r =
        BenchJson.ratio(
            fast / torch, TARGET, "FAST / PyTorch eager events/s at batch " + RATIO_BATCH);
    n.set("fast_over_torch_b" + RATIO_BATCH, r);
    double djl = median(results, "DJL", RATIO_BATCH);
    n.set(
        "fast_over_djl_b" + RATIO_BATCH,
        BenchJson.ratio(fast / djl, 1.0, "FAST / DJL events/s at batch " + RATIO_BATCH));
    double ratio = fast / torch;
    out.printf(
        Locale.ROOT,
        "  FAST / PyTorch eager at batch %d: %s (target >= %.1fx: %s)%n",
        RATIO_BATCH,
        Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio),
        TARGET,
        BenchJson.verdict(r));
    out.flush();
    return n;
  }

  /** The median events/s of an engine at a batch, NaN when it was not measured. */
  static double median(List<KernelBench.Result> results, String engine, int batch) {
    return results.stream()
        .filter(r -> r.batch() == batch && r.engine().equals(engine))
        .mapToDouble(r -> r.rounds().medianWall())
        .findFirst()
        .orElse(Double.NaN);
  }
}
