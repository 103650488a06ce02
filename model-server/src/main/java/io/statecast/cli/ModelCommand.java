package io.statecast.cli;

import picocli.CommandLine.Command;

/** {@code statecast model}: work with model artifacts. */
@Command(
    name = "model",
    description = "Import, inspect, step and compress model artifacts.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ImportTorchCommand.class,
      ImportOnnxCommand.class,
      StepCommand.class,
      DescribeCommand.class,
      RandomModelCommand.class,
      CompressCommand.class
    })
public final class ModelCommand {}
