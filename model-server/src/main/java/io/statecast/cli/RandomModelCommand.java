package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast model random}: a model with random weights, for benchmarks and smoke tests. */
@Command(
    name = "random",
    description =
        "Write a model with random (PyTorch-style) weights: the standard benchmark model"
            + " (16 inputs, hidden 128, 2 layers, horizon 8) or its peephole/projection variants.",
    mixinStandardHelpOptions = true)
final class RandomModelCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--preset",
      defaultValue = "STANDARD",
      description = "standard, standard_peephole or standard_projection (default: standard).")
  StandardModels.Preset preset;

  @Option(names = "--out", required = true, description = "The artifact directory to create.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: 1).")
  long seed;

  @Override
  public Integer call() throws Exception {
    ModelArtifact a =
        ModelArtifact.write(out, RandomWeights.of(StandardModels.spec(preset), seed), Map.of());
    spec.commandLine().getOut().println("wrote " + out + ": " + CliSupport.summary(a.spec()));
    return 0;
  }
}
