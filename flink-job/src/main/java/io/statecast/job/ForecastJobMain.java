package io.statecast.job;

import io.statecast.cli.CliErrors;
import picocli.CommandLine;

/**
 * Main class of the job jar, for {@code flink run statecast-job.jar --bootstrap-servers … --model
 * …}: the same options as {@code statecast job}.
 */
public final class ForecastJobMain {

  private ForecastJobMain() {}

  public static void main(String[] args) {
    int code = CliErrors.install(new CommandLine(new JobCommand())).execute(args);
    if (code != 0) {
      throw new IllegalStateException("the job ended with exit code " + code);
    }
  }
}
