package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.testing.BadInputs;
import io.statecast.testing.Pipeline;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's metrics as a running job reports them through Flink's REST API, under the names
 * operations.md lists: dead letters in total and per kind in {@code decode} and in {@code
 * lstm-forecast} (dotted: {@code OPERATOR.kind.KIND.deadLetters}), forecasts per model version,
 * states carried over per policy, and keys with state.
 */
class MetricsIT {

  private static final int KEYS = 5;
  private static final int DAYS = 10;

  @RegisterExtension
  final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create().withJobTopics();

  @TempDir Path tmp;

  @Test
  void deadLettersAreCountedPerKindWhereTheyAreSetAside() throws Exception {
    EmbeddedKafka kafka = embedded.broker();
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    JobSettings s =
        TestJobs.settings(model, 2).optCheckpointDir(tmp.resolve("cp").toUri().toString()).build();
    try (LocalCluster cluster = LocalCluster.start(JobRunner.flinkConfiguration(s), 2, "0");
        Pipeline traffic = new Pipeline(kafka, new TestModels.Offline(model))) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(JobRunner.flinkConfiguration(s));
      JobRunner.wireKafka(env, KafkaSettings.builder(kafka.bootstrapServers()).build(), s);
      JobID job = cluster.submit(env, "metrics-it");

      traffic.sendDays(KEYS, 0, DAYS);
      Map<ErrorKind, Integer> decoded = new EnumMap<>(ErrorKind.class);
      for (BadInputs.Bad b : BadInputs.beforeTheOperator()) {
        traffic.sendRaw(b.key(), b.value());
        decoded.merge(b.expected(), 1, Integer::sum);
      }
      WireCodec<io.statecast.avro.Observation> codec = WireCodec.observations();
      traffic.sendRaw( // key-1's last day again: a duplicate
          bytes("key-1"), codec.encode(TestModels.observation("key-1", DAYS - 1, 3f)));
      traffic.sendRaw( // key-2's day 3 after day 9: late
          bytes("key-2"), codec.encode(TestModels.observation("key-2", 3, 1f)));
      traffic.flush();
      int forecasts = KEYS * DAYS;
      int bad = decoded.values().stream().mapToInt(Integer::intValue).sum();

      await("every count reported")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(sum(cluster, job, "lstm-forecast", "forecastsOut")).isEqualTo(forecasts);
                assertThat(sum(cluster, job, "lstm-forecast", "lstm-forecast.deadLetters"))
                    .isEqualTo(2);
                assertThat(sum(cluster, job, "decode", "decode.deadLetters")).isEqualTo(bad);
              });

      for (Map.Entry<ErrorKind, Integer> e : decoded.entrySet()) {
        assertThat(sum(cluster, job, "decode", "decode.kind." + e.getKey() + ".deadLetters"))
            .as("decode, kind %s", e.getKey())
            .isEqualTo((long) e.getValue());
      }
      assertThat(sum(cluster, job, "decode", "decode.kind.DUPLICATE_EVENT.deadLetters")).isZero();
      assertThat(
              sum(cluster, job, "lstm-forecast", "lstm-forecast.kind.DUPLICATE_EVENT.deadLetters"))
          .isEqualTo(1);
      assertThat(sum(cluster, job, "lstm-forecast", "lstm-forecast.kind.LATE_EVENT.deadLetters"))
          .isEqualTo(1);
      assertThat(
              sum(cluster, job, "lstm-forecast", "lstm-forecast.kind.NON_FINITE_STATE.deadLetters"))
          .isZero();
      assertThat(sum(cluster, job, "lstm-forecast", "lstm-forecast.model_version.1.forecasts"))
          .isEqualTo(forecasts);
      assertThat(
              sum(cluster, job, "lstm-forecast", "lstm-forecast.policy.REWARM.statesCarriedOver"))
          .isZero();
      assertThat(sum(cluster, job, "lstm-forecast", "nonFiniteStates")).isZero();
      assertThat(sum(cluster, job, "lstm-forecast", "keysWithState")).isEqualTo(KEYS);
      assertThat(sum(cluster, job, "lstm-forecast", "modelVersion")).isEqualTo(2); // 1 a subtask
      cluster.cancel(job, Duration.ofSeconds(60));
    }
  }

  /** The metric's sum over subtasks (-1 when not reported), rounded. */
  private static long sum(LocalCluster cluster, JobID job, String vertex, String metric)
      throws Exception {
    return Math.round(cluster.metricSum(job, vertex, metric));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
