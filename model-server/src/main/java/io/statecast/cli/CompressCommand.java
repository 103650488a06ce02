package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.compress.Compressor;
import io.statecast.model.CompressionSpec;
import io.statecast.model.ModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code statecast model compress}: a compressed copy of a trained model (G2-LSTM's precision and
 * low-rank compression, {@link Compressor}), as a new artifact with the source's other files.
 */
@Command(
    name = "compress",
    description =
        "Write a compressed copy of a model: --round/--clip round the gate weights to a step and"
            + " clip them (input and forget gates by default, as G2-LSTM does), --rank stores"
            + " weight_ih/weight_hh as two thin factors from a truncated SVD (all gates) and steps"
            + " them as two products. The copy's model.json records what was done.",
    mixinStandardHelpOptions = true)
final class CompressCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "The trained model's artifact.")
  Path model;

  @Option(names = "--out", required = true, description = "The artifact directory to create.")
  Path out;

  @Option(
      names = "--round",
      defaultValue = "0",
      description = "Round gate weights to the nearest multiple of this step (default: 0, none).")
  double round;

  @Option(
      names = "--clip",
      defaultValue = "0",
      description = "Clip gate weights to [-C, C] after rounding (default: 0, none).")
  double clip;

  @Option(
      names = "--rank",
      defaultValue = "0",
      description = "Rank K of the factored weights, at most the layer output size (default: 0).")
  int rank;

  @Option(
      names = "--gates",
      defaultValue = "INPUT_FORGET",
      description =
          "Rows --round/--clip touch: input_forget (the gates G2 binarises; default) or all.")
  CompressionSpec.Gates gates;

  @Option(names = "--id", description = "Model id (default: the source id and a tag, e.g. -k16).")
  String id;

  @Override
  public Integer call() throws Exception {
    ModelArtifact source = ModelArtifact.load(model);
    CompressionSpec how = new CompressionSpec(round, clip, rank, gates);
    String newId = id != null ? id : source.spec().id() + "-" + how.tag();
    ModelWeights compressed = Compressor.compress(source.weights(), how, newId);
    Map<String, byte[]> extras = new LinkedHashMap<>();
    for (String name : source.extraNames()) {
      extras.put(name, source.extra(name));
    }
    ModelArtifact a = ModelArtifact.write(out, compressed, extras);
    var w = spec.commandLine().getOut();
    w.println("wrote " + out + ": " + CliSupport.summary(a.spec()));
    w.printf(
        "parameters %d -> %d, weights %d -> %d bytes%n",
        CliSupport.parameterCount(source.weights()),
        CliSupport.parameterCount(compressed),
        Files.size(model.resolve(weightsFile(model))),
        Files.size(out.resolve(ModelArtifact.WEIGHTS_FILE)));
    return 0;
  }

  private static String weightsFile(Path dir) {
    return Files.exists(dir.resolve(ModelArtifact.NPZ_WEIGHTS_FILE))
        ? ModelArtifact.NPZ_WEIGHTS_FILE
        : ModelArtifact.WEIGHTS_FILE;
  }
}
