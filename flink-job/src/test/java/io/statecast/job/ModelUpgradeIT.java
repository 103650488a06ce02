package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.registry.KafkaModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live model upgrades end to end: models promoted in the registry reach the running job through
 * Kafka's {@code model-updates}, mid-stream, with each policy; every observation still yields
 * exactly one forecast, forecasts carry the version that made them, values equal the offline
 * oracle, and an incompatible {@code keep} is refused while the old model goes on serving.
 */
class ModelUpgradeIT {

  @RegisterExtension
  final EmbeddedKafkaExtension embedded =
      EmbeddedKafkaExtension.create()
          .withTopic("observations", 2)
          .withTopic("forecasts", 2)
          .withTopic("dead-letters", 1)
          .withTopic("late-events", 1)
          .withTopic("anomalies", 1)
          .withTopic("model-updates", 1);

  private static final int PARALLELISM = 2;
  private static final int KEYS = 6;
  private static final int DEPTH = 4;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void promotionsReachTheRunningJobWithEveryPolicy() throws Exception {

    EmbeddedKafka kafka = embedded.broker();
    ModelRegistry registry =
        ModelRegistry.open(
            tmp.resolve("registry"),
            new KafkaModelUpdatePublisher(kafka.bootstrapServers(), Map.of()));
    registry.add(TestModels.write(tmp.resolve("v1")).directory());
    registry.add(TestModels.writeVersion(tmp.resolve("v2"), 2, 99).directory());
    registry.add(TestModels.writeResized(tmp.resolve("v3"), 3, 12).directory());
    ModelArtifact v1 = registry.load("test-model", 1);
    ModelArtifact v2 = registry.load("test-model", 2);
    ModelArtifact v3 = registry.load("test-model", 3);

    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(v1.directory().toString())
            .setBatch(8, Duration.ofMillis(10))
            .setRewarmDepth(DEPTH)
            .setOverlapSteps(true)
            .build(); // switches while a batch is in flight
    JobSettings settings =
        JobSettings.builder(op)
            .setCheckpointInterval(Duration.ofMillis(500))
            .optCheckpointDir(tmp.resolve("cp").toUri().toString())
            .setParallelism(PARALLELISM)
            .build();
    try (LocalCluster cluster =
            LocalCluster.start(JobRunner.flinkConfiguration(settings), PARALLELISM, "0");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProperties())) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              JobRunner.flinkConfiguration(settings));
      JobRunner.wireKafka(env, KafkaSettings.builder(kafka.bootstrapServers()).build(), settings);
      JobID job = cluster.submit(env, "model-upgrade-it");
      Scenario s = new Scenario(kafka, producer, new TestModels.Offline(v1, DEPTH));

      s.phase(0, 5, 1);
      registry.promote("test-model", 2, StatePolicy.KEEP, "same shapes");
      s.switched(v2, StatePolicy.KEEP, 2);
      s.phase(5, 10, 2);
      registry.promote("test-model", 3, StatePolicy.KEEP, "another shape: refused");
      s.awaitDeadLetter(ErrorKind.INVALID_MODEL_UPDATE);
      s.phase(10, 15, 2);
      registry.promote("test-model", 3, StatePolicy.RESET, "another shape, reset");
      s.switched(v3, StatePolicy.RESET, 3);
      s.phase(15, 20, 3);
      registry.promote("test-model", 2, StatePolicy.REWARM, "back to v2, re-warmed");
      s.switched(v2, StatePolicy.REWARM, 2);
      s.phase(20, 25, 2);
      s.checkEverything();
      cluster.cancel(job, Duration.ofSeconds(30));
    }
  }

  /** Sends phases of observations and checks what came out. */
  private static final class Scenario {
    private final EmbeddedKafka kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TestModels.Offline oracle;
    private final WireCodec<Observation> codec = WireCodec.observations();
    private final Map<String, float[]> expected = new HashMap<>();
    private final Map<String, Integer> expectedVersion = new HashMap<>();
    private final List<String> probes = new ArrayList<>();
    private int sent;
    private int probeDay = 1000;

    Scenario(
        EmbeddedKafka kafka, KafkaProducer<byte[], byte[]> producer, TestModels.Offline oracle) {
      this.kafka = kafka;
      this.producer = producer;
      this.oracle = oracle;
      // one probe key per subtask, so that a probe answered by the new model shows that subtask
      // switched
      for (int subtask = 0; subtask < PARALLELISM; subtask++) {
        for (int i = 0; ; i++) {
          String k = "probe-" + i;
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(k, 128, PARALLELISM) == subtask) {
            probes.add(k);
            break;
          }
        }
      }
    }

    /** Days [from, to) of every key; all must be answered by {@code version}. */
    void phase(int from, int to, int version) throws Exception {
      for (int d = from; d < to; d++) {
        for (int k = 0; k < KEYS; k++) {
          Observation o = TestModels.observation("key-" + k, d, (float) (10 + Math.sin(d + k)));
          send(o);
          expected.put(id(o.getKey(), o.getEventTime()), oracle.step(o));
          expectedVersion.put(id(o.getKey(), o.getEventTime()), version);
        }
      }
      producer.flush();
      awaitForecasts(f -> f.size() >= sent, "forecasts of the phase");
    }

    /** Sends probes until every subtask answers with {@code version}; then the oracle switches. */
    void switched(ModelArtifact to, StatePolicy policy, int version) throws Exception {
      await("job switched to v" + version)
          .dontCatchUncaughtExceptions()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread() // each poll sends probes: on the test's thread, as all sends
          .until(
              () -> {
                int day = probeDay++;
                for (String p : probes) {
                  send(TestModels.observation(p, day, 10f));
                }
                producer.flush();
                awaitForecasts(f -> f.size() >= sent, "probe forecasts");
                Map<String, Integer> last = new HashMap<>();
                forecasts().forEach(f -> last.put(f.getKey(), f.getModelVersion()));
                return probes.stream().allMatch(p -> last.get(p) == version);
              });
      oracle.switchTo(to, policy);
    }

    void awaitDeadLetter(ErrorKind kind) {
      await("a " + kind + " dead letter")
          .dontCatchUncaughtExceptions()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  read("dead-letters", WireCodec.deadLetters()).stream()
                      .anyMatch(d -> d.getKind() == kind));
    }

    void checkEverything() {
      List<Forecast> all = forecasts();
      Map<String, Integer> count = new HashMap<>();
      double maxErr = 0;
      for (Forecast f : all) {
        String id = id(f.getKey(), f.getEventTime());
        count.merge(id, 1, Integer::sum);
        float[] want = expected.get(id);
        if (want != null) {
          assertThat(f.getModelVersion()).as(id).isEqualTo(expectedVersion.get(id));
          for (int j = 0; j < want.length; j++) {
            maxErr = Math.max(maxErr, Math.abs(want[j] - f.getValues().get(j)));
          }
        }
      }
      List<DeadLetter> dead = read("dead-letters", WireCodec.deadLetters());
      System.out.printf(
          "sent %d observations (%d of tracked keys), %d forecasts, %d distinct;"
              + " max |err| vs offline %.2e; dead letters %s%n",
          sent,
          expected.size(),
          all.size(),
          count.size(),
          maxErr,
          dead.stream().map(d -> d.getKind() + ": " + d.getMessage()).toList());
      assertThat(all).hasSize(sent);
      assertThat(count.values()).allMatch(c -> c == 1);
      assertThat(expected.keySet()).allMatch(count::containsKey);
      assertThat(maxErr).isLessThanOrEqualTo(1e-5);
      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getKind()).isEqualTo(ErrorKind.INVALID_MODEL_UPDATE);
                assertThat(d.getMessage()).contains("policy keep needs the same state shape");
              });
    }

    private void send(Observation o) {
      producer.send(
          new ProducerRecord<>(
              "observations", o.getKey().getBytes(StandardCharsets.UTF_8), codec.encode(o)));
      sent++;
    }

    private void awaitForecasts(Predicate<List<Forecast>> done, String what) {
      await(what)
          .dontCatchUncaughtExceptions()
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(this::forecasts, done);
    }

    private List<Forecast> forecasts() {
      return read("forecasts", WireCodec.forecasts());
    }

    private <T> List<T> read(String topic, WireCodec<T> c) {
      List<T> out = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r :
          TopicReader.readAll(kafka.clientProperties(), topic, true, Duration.ofSeconds(30))) {
        out.add(c.decode(r.value()).value());
      }
      return out;
    }

    private static String id(String key, long time) {
      return key + "@" + time;
    }
  }
}
