package io.statecast.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where an imported model artifact goes and what it is called ({@code model import-torch}, {@code
 * model import-onnx}): a picocli mixin.
 */
final class ArtifactOptions {

  @Option(names = "--out", required = true, description = "The artifact directory to create.")
  Path out;

  @Option(names = "--id", description = "Model id (default: the file name).")
  String id;

  @Option(names = "--version", defaultValue = "1", description = "Model version (default: 1).")
  int version = 1;
}
