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

  @Option(names = "--weights", required = true, description = "The .npz or .safetensors file.")
  Path weights;

  @Option(names = "--out", required = true, description = "The artifact directory to create.")
  Path out;

  @Option(names = "--id", description = "Model id (default: the file name).")
  String id;

  @Option(names = "--version", defaultValue = "1", description = "Model version (default: 1).")
  int version;

  @Override
  public Integer call() throws Exception {
    String modelId = id != null ? id : ModelSpec.idFromFileName(weights);
    ModelWeights w =
        OnnxLstmImporter.fromOnnx(TensorFiles.read(weights), modelId, version, weights.toString());
    ModelArtifact artifact = ModelArtifact.write(out, w, Map.of());
    spec.commandLine()
        .getOut()
        .println("wrote " + out + ": " + CliSupport.summary(artifact.spec()));
    return 0;
  }
}
