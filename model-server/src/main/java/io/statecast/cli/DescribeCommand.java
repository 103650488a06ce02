package io.statecast.cli;

import io.statecast.artifact.ModelArtifact;
import io.statecast.artifact.SpecJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast model describe}: verify an artifact and print its spec. */
@Command(
    name = "describe",
    description = "Verify a model artifact (checksums, spec, weights) and print its spec.",
    mixinStandardHelpOptions = true)
final class DescribeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "The artifact directory.")
  Path model;

  @Override
  public Integer call() throws Exception {
    ModelArtifact a = ModelArtifact.load(model);
    var w = spec.commandLine().getOut();
    w.println(model + ": " + CliSupport.summary(a.spec()));
    w.println("manifest sha256 " + a.manifestSha256());
    w.println("parameters " + CliSupport.parameterCount(a.weights()));
    w.print(SpecJson.write(a.spec()));
    return 0;
  }
}
