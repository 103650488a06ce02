package io.statecast.sqlcli;

import io.statecast.testing.flink.LocalFlink;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code statecast sql FILE}: runs the Flink SQL statements of a file on a Flink MiniCluster in
 * this process, with the Kafka SQL connector, the JSON format and the {@code STATECAST_FORECAST}
 * function on the class path (registered by the file's {@code CREATE FUNCTION}). It waits for the
 * jobs the file's {@code INSERT}s submit: until they end (bounded sources) or it is stopped
 * (Ctrl-C).
 */
@Command(
    name = "sql",
    description =
        "Run the Flink SQL statements of a file on a local Flink cluster (e.g. docs/sql/quickstart.sql).",
    mixinStandardHelpOptions = true)
public final class SqlCommand implements Callable<Integer> {

  /** Restarts of a failing query before the command gives up. */
  static final int RESTART_ATTEMPTS = 3;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The SQL statements, ';'-separated.")
  Path file;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Default parallelism of the queries (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    String script = Files.readString(file);
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(LocalFlink.local(configuration(), parallelism));
    PrintWriter out = spec.commandLine().getOut();
    List<JobClient> jobs = SqlScript.run(tables, script, out);
    for (JobClient job : jobs) {
      job.getJobExecutionResult().get();
      out.println("[finished] job " + job.getJobID());
    }
    return 0;
  }

  /**
   * Few restarts: a query that fails (a column of the wrong type, a model that does not load) ends
   * the command with its error after {@value #RESTART_ATTEMPTS} tries instead of restarting
   * forever, Flink's default with checkpoints on. The file's {@code SET} statements override it.
   */
  static Configuration configuration() {
    Configuration c = new Configuration();
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    return c;
  }
}
