package io.statecast.job;

import io.statecast.artifact.ModelArtifact;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.kafka.EmbeddedKafka;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job as the integration tests run it: the settings they share, and the whole job ({@link
 * JobRunner#wireKafka}) on a local MiniCluster over the embedded broker. A test sets what it is
 * about on the builders these return.
 */
public final class TestJobs {

  /**
   * How long a run over bounded input may take before the test fails: a bound on a hung job, not a
   * timing assertion.
   */
  public static final Duration RUN_LIMIT = Duration.ofMinutes(5);

  private TestJobs() {}

  /**
   * The settings of a small test job on {@code model}: batches of up to 16 observations or 10 ms, a
   * checkpoint every second, {@code parallelism} subtasks.
   */
  public static JobSettings.Builder settings(ModelArtifact model, int parallelism) {
    return JobSettings.builder(
            ForecastOperatorConfig.builder(model.directory().toString())
                .setBatch(16, Duration.ofMillis(10))
                .build())
        .setCheckpointInterval(Duration.ofSeconds(1))
        .setParallelism(parallelism);
  }

  /** Kafka settings that read the topics of {@code kafka} as they are now and then end the job. */
  public static KafkaSettings.Builder bounded(EmbeddedKafka kafka) {
    return KafkaSettings.builder(kafka.bootstrapServers()).setBounded(true);
  }

  /**
   * Starts the job on a local MiniCluster with as many slots as {@code settings} has subtasks;
   * {@link #awaitEnd} waits for a bounded one.
   */
  public static JobClient start(JobSettings settings, KafkaSettings kafka, String name)
      throws Exception {
    if (settings.parallelism() < 1) {
      throw new IllegalArgumentException("a test job needs its parallelism set");
    }
    StreamExecutionEnvironment env =
        LocalFlink.local(JobRunner.flinkConfiguration(settings), settings.parallelism());
    JobRunner.wireKafka(env, kafka, settings);
    return env.executeAsync(name);
  }

  /** Waits for a job over bounded input to finish; throws its failure, if it failed. */
  public static void awaitEnd(JobClient job) throws Exception {
    job.getJobExecutionResult().get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Runs the job over bounded input ({@link #bounded}) to its end. */
  public static void runToEnd(JobSettings settings, KafkaSettings kafka, String name)
      throws Exception {
    if (!kafka.bounded()) {
      throw new IllegalArgumentException("only a job over bounded input runs to its end");
    }
    awaitEnd(start(settings, kafka, name));
  }
}
