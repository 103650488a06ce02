package io.statecast.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The model server's own command line, the entry point of its image: {@code serve} and the tools of
 * the models it serves ({@code registry}, {@code model}, {@code train}, {@code evaluate}), {@code
 * produce} to replay a file into a topic, without the job, the demo or the benchmarks (those are in
 * the project's {@code statecast} command).
 */
@Command(
    name = "statecast-server",
    description = "The Statecast model server and its model tools.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ServeCommand.class,
      RegistryCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ModelCommand.class,
      ProduceCommand.class,
      HelpCommand.class
    })
public final class ServerCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(CliErrors.install(new CommandLine(new ServerCli())).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
