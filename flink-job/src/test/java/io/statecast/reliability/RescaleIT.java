package io.statecast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.batch.Residency;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.Pipeline;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling: stop with a savepoint at parallelism 2, restart at 3, stop again, restart at 1; every
 * key's state continues exactly (each forecast equals the no-rescale offline run) and every
 * observation has exactly one committed forecast. Once with the states in Flink state only, once
 * with them resident on the DJL kernel's device (the CPU here) and written back before every
 * checkpoint and savepoint, with fewer slots than keys so that keys are evicted too.
 */
class RescaleIT {

  @RegisterExtension
  final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create().withJobTopics();

  private static final int KEYS = 40;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  @Test
  void savepointsRestoreEveryKeyAtAnotherParallelism() throws Exception {
    rescale(Residency.OFF);
  }

  @Test
  void savepointsOfResidentStatesRestoreEveryKeyAtAnotherParallelism() throws Exception {
    rescale(new Residency(16, 0)); // 40 keys: at parallelism 1 and 2 some are evicted
  }

  private void rescale(Residency residency) throws Exception {

    EmbeddedKafka kafka = embedded.broker();
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    try (Pipeline traffic = new Pipeline(kafka, TestModels.Offline.float32(model));
        LocalCluster cluster =
            LocalCluster.start(
                JobRunner.flinkConfiguration(settings(model, 3, null, residency)), 3, "0")) {
      String savepoint = null;
      int day = 0;
      for (int parallelism : new int[] {2, 3, 1}) {
        JobSettings s = settings(model, parallelism, savepoint, residency);
        StreamExecutionEnvironment env =
            StreamExecutionEnvironment.getExecutionEnvironment(JobRunner.flinkConfiguration(s));
        JobRunner.wireKafka(env, KafkaSettings.builder(kafka.bootstrapServers()).build(), s);
        JobID job = cluster.submit(env, "rescale-p" + parallelism);
        assertThat(cluster.parallelism(job, "lstm-forecast")).isEqualTo(parallelism);
        traffic.sendDays(KEYS, day, day + 6);
        day += 6;
        traffic.awaitForecasts(traffic.sent(), WAIT);
        savepoint = cluster.stopWithSavepoint(job, tmp.resolve("savepoints"), WAIT);
        System.out.printf(
            "%s, parallelism %d: %s; savepoint %s%n",
            residency.enabled() ? "resident" : "not resident",
            parallelism,
            traffic.check(),
            savepoint);
      }
      Pipeline.Check c = traffic.check();
      System.out.println("after 2 -> 3 -> 1: " + c);
      assertThat(c.lost()).isZero();
      assertThat(c.duplicated()).isZero();
      assertThat(c.forecasts()).isEqualTo(c.sent());
      assertThat(c.maxError()).isLessThanOrEqualTo(1e-6);
    }
  }

  private JobSettings settings(
      ModelArtifact model, int parallelism, String restore, Residency residency) {
    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(model.directory().toString())
            .setBatch(16, Duration.ofMillis(10))
            .setOverlapSteps(!residency.enabled()) // both stepping modes across rescaling
            .setResidency(residency)
            .setKernels(Engine.of(residency.enabled() ? EngineKind.DJL : EngineKind.FAST))
            .build();
    return JobSettings.builder(op)
        .setCheckpointInterval(Duration.ofMillis(500))
        .optCheckpointDir(tmp.resolve("checkpoints").toUri().toString())
        .setParallelism(parallelism)
        .optRestoreFrom(restore)
        .build();
  }
}
