package io.statecast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.job.JobSettings;
import io.statecast.job.TestJobs;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.BadInputs;
import io.statecast.testing.Pipeline;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaConfig;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a producer should not send, fed into a running job at parallelism 2 together with good
 * traffic: each bad record lands in the dead letters or the late events, counted exactly; good
 * records all get their one forecast; one key's burst of 100,000 events is applied in order; the
 * job never restarts (a bounded job with a restart would still finish, so the test also checks that
 * no forecast is duplicated and the job ran once).
 */
class BadInputIT {

  @RegisterExtension
  final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create(big()).withJobTopics();

  private static final int BURST = 100_000;

  @TempDir Path tmp;

  @Test
  void everyBadInputLandsWhereItShouldCountedExactly() throws Exception {

    EmbeddedKafka kafka = embedded.broker();
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    Properties producer = kafka.producerProperties();
    producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(32 << 20));
    producer.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    try (Pipeline traffic =
        new Pipeline(kafka.clientProperties(), producer, TestModels.Offline.float32(model))) {
      Map<ErrorKind, Integer> expectedDead = new EnumMap<>(ErrorKind.class);
      traffic.sendDays(20, 0, 10);
      for (BadInputs.Bad b : BadInputs.beforeTheOperator()) {
        traffic.sendRaw(b.key(), b.value());
        expectedDead.merge(b.expected(), 1, Integer::sum);
      }
      sendTenMegabyteKey(traffic);
      expectedDead.merge(ErrorKind.OVERSIZED_KEY, 1, Integer::sum);
      for (int i = 0; i < BURST; i++) {
        traffic.send(TestModels.observationAt("burst", i * 1000L, (float) Math.sin(i / 10.0)));
      }
      // key-1's last day again: a duplicate, which the oracle must not step
      traffic.sendRaw(
          bytes("key-1"), WireCodec.observations().encode(TestModels.observation("key-1", 9, 3f)));
      expectedDead.merge(ErrorKind.DUPLICATE_EVENT, 1, Integer::sum);
      traffic.sendRaw(
          bytes("key-2"), WireCodec.observations().encode(TestModels.observation("key-2", 3, 1f)));
      traffic.flush();

      long t0 = System.nanoTime();
      run(kafka, model);
      double seconds = (System.nanoTime() - t0) / 1e9;

      Pipeline.Check c = traffic.check();
      Map<ErrorKind, Integer> dead = kinds(traffic.deadLetters());
      List<DeadLetter> late = traffic.lateEvents();
      List<Long> burstSteps =
          traffic.forecasts().stream()
              .filter(f -> f.getKey().equals("burst"))
              .map(Forecast::getSteps)
              .sorted()
              .toList();
      System.out.printf(
          "bad input suite in %.1f s: %s; dead letters %s (expected %s); late %d;"
              + " burst forecasts %d, steps %d..%d%n",
          seconds,
          c,
          dead,
          expectedDead,
          late.size(),
          burstSteps.size(),
          burstSteps.get(0),
          burstSteps.get(burstSteps.size() - 1));
      assertThat(c.lost()).isZero();
      assertThat(c.duplicated()).isZero();
      assertThat(c.maxError()).isLessThanOrEqualTo(1e-5);
      assertThat(dead).isEqualTo(expectedDead);
      assertThat(late)
          .singleElement()
          .satisfies(d -> assertThat(d.getKind()).isEqualTo(ErrorKind.LATE_EVENT));
      assertThat(burstSteps).hasSize(BURST);
      assertThat(burstSteps.get(BURST - 1)).isEqualTo(BURST);
    }
  }

  private static void sendTenMegabyteKey(Pipeline traffic) {
    byte[] key = new byte[10 * 1024 * 1024];
    Arrays.fill(key, (byte) 'x');
    Observation o = TestModels.observation("placeholder", 1, 1f);
    o.setKey(new String(key, StandardCharsets.UTF_8));
    traffic.sendRaw(key, WireCodec.observations().encode(o));
  }

  private void run(EmbeddedKafka kafka, ModelArtifact model) throws Exception {
    JobSettings s =
        JobSettings.builder(
                ForecastOperatorConfig.builder(model.directory().toString())
                    .setBatch(256, Duration.ofMillis(10))
                    .build())
            .setCheckpointInterval(Duration.ofSeconds(2))
            .optCheckpointDir(tmp.resolve("cp").toUri().toString())
            .setParallelism(2)
            .build();
    TestJobs.runToEnd(s, TestJobs.bounded(kafka).build(), "bad-input-it");
  }

  private static Map<ErrorKind, Integer> kinds(List<DeadLetter> letters) {
    Map<ErrorKind, Integer> m = new EnumMap<>(ErrorKind.class);
    letters.forEach(d -> m.merge(d.getKind(), 1, Integer::sum));
    return m;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A broker that takes records of up to 32 MiB (the ten-megabyte key). */
  private static EmbeddedKafkaConfig big() {
    return EmbeddedKafkaConfig.builder()
        .optBrokerProperty("message.max.bytes", Integer.toString(32 << 20))
        .build();
  }
}
