package io.statecast.job;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code statecast job}: run the forecasting job against an existing Kafka. Run from the command
 * line it executes on a local Flink MiniCluster; submitted with {@code flink run} (the job jar's
 * main class is {@link ForecastJobMain}) it runs on the cluster. It waits for the job to end unless
 * submitted detached ({@code flink run -d}, or the REST API's {@code /jars/:id/run}, whose job
 * client refuses to wait). Before submitting, it checks that Kafka answers and that the job's
 * topics exist ({@link TopicCheck}).
 */
@Command(
    name = "job",
    description =
        "Run the forecasting job against an existing Kafka (locally, or on the cluster when submitted with flink run).",
    mixinStandardHelpOptions = true)
public final class JobCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions options;

  @Override
  public Integer call() throws Exception {
    JobSettings settings = options.settings();
    KafkaSettings kafka = options.kafka();
    List<String> created = TopicCheck.ensure(kafka, options.topics());
    if (!created.isEmpty()) {
      spec.commandLine().getOut().println("created topics " + String.join(", ", created));
    }
    StreamExecutionEnvironment env = JobRunner.environment(settings);
    JobClient client = JobRunner.submit(env, kafka, settings, "statecast-forecast");
    spec.commandLine()
        .getOut()
        .println(
            "submitted job "
                + client.getJobID()
                + "; reading "
                + kafka.observationsTopic()
                + ", writing "
                + kafka.forecastsTopic());
    if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
      // Detached: `flink run -d` or the REST API's /jars/run, where the job client cannot wait.
      return 0;
    }
    client.getJobExecutionResult().get();
    return 0;
  }
}
