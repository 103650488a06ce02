package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.imports.OnnxLstmImporter;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.TensorFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast model import-onnx}: the weights of an ONNX LSTM node to an artifact. */
@Command(
    name = "import-onnx",
    description =
        "Turn the weights of an ONNX LSTM node (arrays W, R, B or Wb/Rb, and P for peepholes, in"
            + " an .npz or .safetensors file) into a one-layer model artifact; gate rows are"
            + " reordered from ONNX's [i o f c] to [i f g o].",
    mixinStandardHelpOptions = true)
final class ImportOnnxCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ArtifactOptions artifact = new ArtifactOptions();

  @Option(names = "--weights", required = true, description = "The .npz or .safetensors file.")
  Path weights;

  @Override
  public Integer call() throws Exception {
    String modelId = artifact.id != null ? artifact.id : ModelSpec.idFromFileName(weights);
    ModelWeights w =
        OnnxLstmImporter.fromOnnx(
            TensorFiles.read(weights), modelId, artifact.version, weights.toString());
    ModelArtifact written = ModelArtifact.write(artifact.out, w, Map.of());
    spec.commandLine()
        .getOut()
        .println("wrote " + artifact.out + ": " + CliSupport.summary(written.spec()));
    return 0;
  }
}
