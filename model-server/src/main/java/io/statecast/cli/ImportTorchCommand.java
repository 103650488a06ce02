package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.imports.TorchImporter;
import io.statecast.model.Connection;
import io.statecast.model.ModelSpec;
import io.statecast.tensor.TensorFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast model import-torch}: a PyTorch {@code nn.LSTM} state dict to an artifact. */
@Command(
    name = "import-torch",
    description =
        "Turn a PyTorch nn.LSTM state dict saved as .npz or .safetensors into a model artifact;"
            + " sizes are inferred from the weights.",
    mixinStandardHelpOptions = true)
final class ImportTorchCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ArtifactOptions artifact = new ArtifactOptions();

  @Option(names = "--state-dict", required = true, description = "The .npz or .safetensors file.")
  Path stateDict;

  @Option(
      names = "--connection",
      defaultValue = "PLAIN",
      description =
          "How layers connect: ${COMPLETION-CANDIDATES} (default: plain; highway is"
              + " inferred from weight_t_l1).")
  Connection connection;

  @Option(
      names = "--ar-feature",
      defaultValue = "0",
      description = "Input feature read by the head's autoregressive term (default: 0).")
  int arFeature;

  @Option(
      names = "--window",
      paramLabel = "W",
      defaultValue = "0",
      description =
          "Import a bidirectional first layer (weight_*_l0_reverse) as a window over each key's"
              + " last W events, 2 to 256 (default: the length of attention.bias).")
  int window;

  @Override
  public Integer call() throws Exception {
    Map<String, io.statecast.tensor.Tensor> dict = TensorFiles.read(stateDict);
    String modelId = artifact.id != null ? artifact.id : ModelSpec.idFromFileName(stateDict);
    TorchImporter.Result r =
        TorchImporter.fromStateDict(
            dict,
            new TorchImporter.Options(modelId, artifact.version, connection, arFeature, window),
            stateDict.toString());
    ModelArtifact written = ModelArtifact.write(artifact.out, r.weights(), Map.of());
    var w = spec.commandLine().getOut();
    if (!r.ignored().isEmpty()) {
      w.println(
          "ignored "
              + r.ignored().size()
              + " entries that are not model weights: "
              + String.join(", ", r.ignored()));
    }
    w.println("wrote " + artifact.out + ": " + CliSupport.summary(written.spec()));
    return 0;
  }
}
