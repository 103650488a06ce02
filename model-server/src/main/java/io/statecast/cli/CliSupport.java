package io.statecast.cli;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Tensor;

/** Small helpers shared by the commands. */
final class CliSupport {

  private CliSupport() {}

  /** One line: id, version, sizes, variant. */
  static String summary(ModelSpec s) {
    return String.format(
        "model '%s' v%d: %s cell, I=%d H=%d%s, %d layer(s) %s%s, %s",
        s.id(),
        s.version(),
        s.cell().variant().name().toLowerCase(java.util.Locale.ROOT),
        s.inputSize(),
        s.cell().hidden(),
        (s.cell().projected() ? " R=" + s.cell().projection() : "")
            + (s.cell().compression() != null ? " compressed " + s.cell().compression().tag() : ""),
        s.layers(),
        s.stack().connection().name().toLowerCase(java.util.Locale.ROOT),
        (s.stack().feeds() == null ? "" : " feeds " + s.stack().feeds())
            + (s.stack().window() == null
                ? ""
                : " with a bidirectional window of " + s.stack().windowSize()),
        s.head().present()
            ? "head horizon "
                + s.head().horizon()
                + (s.head().autoregressive() > 0 ? " + AR(" + s.head().autoregressive() + ")" : "")
                + (s.head().probabilistic() ? ", quantiles " + s.head().quantiles() : "")
                + (s.head().adaptation() == null
                    ? ""
                    : ", adapting online (median "
                        + s.head().adaptation().median()
                        + ", other levels "
                        + s.head().adaptation().intervals()
                        + ")")
            : "no head");
  }

  static long parameterCount(ModelWeights w) {
    long n = 0;
    for (Tensor t : w.tensors().values()) {
      n += t.size();
    }
    return n;
  }
}
