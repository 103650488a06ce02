package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.tensor.Tensor;
import io.statecast.tensor.TensorFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code statecast model step}: step sequences through a model one event at a time, as the stream
 * would, and write what came out.
 */
@Command(
    name = "step",
    description =
        "Step x (T, B, I) through a model one event at a time, from h0 (L, B, R) and c0 (L, B, H)"
            + " if given (zeros otherwise; the layer axis may be left out for one-layer models), and"
            + " write y (T, B, R), h_n, c_n and, with a head, forecast (T, B, horizon).",
    mixinStandardHelpOptions = true)
final class StepCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "The artifact directory.")
  Path model;

  @Option(names = "--input", required = true, description = "An .npz (or .safetensors) with x.")
  Path input;

  @Option(names = "--out", required = true, description = "Where to write the .npz of results.")
  Path out;

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(names = "--batch", description = "Rows stepped together per call (default: all B rows).")
  Integer batch;

  @Override
  public Integer call() throws Exception {
    ModelArtifact artifact = ModelArtifact.load(model);
    Map<String, Tensor> in = TensorFiles.read(input);
    Tensor x = in.containsKey("x") ? in.get("x") : in.get("X");
    if (x == null) {
      throw new IllegalArgumentException(input + " has no array 'x' (T, B, I)");
    }
    int layers = artifact.spec().layers();
    Tensor h0 = withLayerAxis(in.get("h0"), layers);
    Tensor c0 = withLayerAxis(in.get("c0"), layers);
    Engine e = engine.engine();
    SequenceRunner.Result r;
    if (e.kind() == EngineKind.REFERENCE) {
      r = SequenceRunner.reference(artifact.weights(), x, h0, c0); // in double, to the end
    } else {
      try (StepKernel k = e.create(artifact.weights())) {
        r = SequenceRunner.kernel(k, x, h0, c0, batch == null ? Math.max(1, x.dim(1)) : batch);
      }
    }
    Map<String, Tensor> result = new LinkedHashMap<>();
    result.put("y", r.y());
    result.put("h_n", r.hn());
    result.put("c_n", r.cn());
    if (r.forecast() != null) {
      result.put("forecast", r.forecast());
    }
    TensorFiles.write(out, result);
    spec.commandLine()
        .getOut()
        .printf(
            "stepped %d events x %d rows through '%s' on %s; wrote %s%n",
            x.dim(0),
            x.dim(1),
            artifact.spec().id(),
            e.kind().name().toLowerCase(java.util.Locale.ROOT),
            out);
    return 0;
  }

  private static Tensor withLayerAxis(Tensor t, int layers) {
    if (t == null || t.rank() != 2 || layers != 1) {
      return t;
    }
    return t.reshape(1, t.dim(0), t.dim(1));
  }
}
