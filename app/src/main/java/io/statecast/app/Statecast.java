package io.statecast.app;

import io.statecast.bench.BenchCommand;
import io.statecast.cli.CliErrors;
import io.statecast.cli.EvaluateCommand;
import io.statecast.cli.ModelCommand;
import io.statecast.cli.RegistryCommand;
import io.statecast.cli.ServeCommand;
import io.statecast.cli.TrainCommand;
import io.statecast.demo.DemoCommand;
import io.statecast.job.JobCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code statecast} command line: the root that gathers every command of the project. The
 * launcher script {@code ./statecast} at the repository root builds the project if needed and runs
 * this class.
 */
@Command(
    name = "statecast",
    description = "Streaming, stateful LSTM forecasting on Apache Flink, Kafka and DJL.",
    mixinStandardHelpOptions = true,
    versionProvider = Statecast.Version.class,
    subcommands = {
      DemoCommand.class,
      JobCommand.class,
      ServeCommand.class,
      RegistryCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ModelCommand.class,
      io.statecast.cli.ProduceCommand.class,
      BenchCommand.class,
      io.statecast.sqlcli.SqlCommand.class,
      HelpCommand.class
    })
public final class Statecast implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (for tests). */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new Statecast()));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Statecast.class.getPackage().getImplementationVersion();
      return new String[] {"statecast " + (v == null ? "(development build)" : v)};
    }
  }
}
