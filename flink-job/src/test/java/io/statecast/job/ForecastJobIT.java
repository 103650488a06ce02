package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a real in-process Kafka broker and a Flink MiniCluster at parallelism 2: exactly
 * one committed forecast per valid observation, each equal to stepping its key offline, and every
 * bad input counted where it belongs.
 */
class ForecastJobIT {

  private static final int KEYS = 24;
  private static final int DAYS = 30;

  @RegisterExtension
  static final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create().withJobTopics();

  @TempDir static Path tmp;

  @Test
  void exactlyOneForecastPerValidObservationAndEveryBadInputCounted() throws Exception {
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    List<Observation> valid = validObservations();
    List<BadInputs.Bad> bad = BadInputs.beforeTheOperator();
    produce(valid, bad);

    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(model.directory().toString())
            .setBatch(32, Duration.ofMillis(20))
            .setOverlapSteps(true)
            .build(); // the operator's kernel thread inside a real job
    JobSettings settings =
        JobSettings.builder(op)
            .setCheckpointInterval(Duration.ofSeconds(1))
            .optCheckpointDir(tmp.resolve("checkpoints").toUri().toString())
            .setParallelism(2)
            .build();
    long t0 = System.nanoTime();
    TestJobs.runToEnd(settings, TestJobs.bounded(embedded.broker()).build(), "forecast-it");
    System.out.printf(
        "job ran %d observations in %.1f s%n",
        valid.size() + bad.size() + 2, (System.nanoTime() - t0) / 1e9);

    List<Forecast> forecasts = read("forecasts", WireCodec.forecasts());
    Set<String> unique = new HashSet<>();
    forecasts.forEach(f -> unique.add(f.getKey() + "@" + f.getEventTime()));
    TestModels.Offline offline = new TestModels.Offline(model);
    Map<String, float[]> expected = new HashMap<>();
    for (Observation o : valid) {
      expected.put(o.getKey() + "@" + o.getEventTime(), offline.step(o));
    }
    double maxErr = 0;
    for (Forecast f : forecasts) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("forecast of an observation that was not sent").isNotNull();
      for (int j = 0; j < want.length; j++) {
        maxErr = Math.max(maxErr, Math.abs(want[j] - f.getValues().get(j)));
      }
    }
    Map<ErrorKind, Integer> dead = countKinds(read("dead-letters", WireCodec.deadLetters()));
    List<DeadLetter> late = read("late-events", WireCodec.deadLetters());
    System.out.printf(
        "valid %d -> forecasts %d (unique %d), max |err| vs offline %.2e; dead letters %s;"
            + " late %d%n",
        valid.size(), forecasts.size(), unique.size(), maxErr, dead, late.size());

    assertThat(forecasts).hasSize(valid.size());
    assertThat(unique).hasSize(valid.size());
    assertThat(maxErr).isLessThanOrEqualTo(1e-5);
    Map<ErrorKind, Integer> want = new EnumMap<>(ErrorKind.class);
    bad.forEach(b -> want.merge(b.expected(), 1, Integer::sum));
    want.merge(ErrorKind.DUPLICATE_EVENT, 1, Integer::sum);
    assertThat(dead).isEqualTo(want);
    assertThat(late)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getKind()).isEqualTo(ErrorKind.LATE_EVENT);
              assertThat(d.getTopic()).isEqualTo("observations");
            });
  }

  /** KEYS keys × DAYS days, sent day by day across keys. */
  private static List<Observation> validObservations() {
    SplittableRandom r = new SplittableRandom(5);
    List<Observation> out = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        out.add(TestModels.observation("station-" + k, d, (float) (10 + 3 * r.nextGaussian())));
      }
    }
    return out;
  }

  private static void produce(List<Observation> valid, List<BadInputs.Bad> bad) throws Exception {
    WireCodec<Observation> codec = WireCodec.observations();
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(embedded.broker().producerProperties())) {
      for (int i = 0; i < valid.size(); i++) {
        Observation o = valid.get(i);
        p.send(new ProducerRecord<>("observations", bytes(o.getKey()), codec.encode(o)));
        if (i == valid.size() / 2) {
          bad.forEach(b -> p.send(new ProducerRecord<>("observations", b.key(), b.value())));
        }
      }
      // the last day of station-3 again (a duplicate) and an old day of station-4 (late)
      p.send(
          new ProducerRecord<>(
              "observations",
              bytes("station-3"),
              codec.encode(TestModels.observation("station-3", DAYS - 1, 1f))));
      p.send(
          new ProducerRecord<>(
              "observations",
              bytes("station-4"),
              codec.encode(TestModels.observation("station-4", 2, 1f))));
      p.flush();
    }
  }

  private static <T> List<T> read(String topic, WireCodec<T> codec) {
    Properties props = embedded.broker().clientProperties();
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicReader.readAll(props, topic, true, Duration.ofSeconds(30))) {
      out.add(codec.decode(r.value()).value());
    }
    return out;
  }

  private static Map<ErrorKind, Integer> countKinds(List<DeadLetter> letters) {
    Map<ErrorKind, Integer> m = new EnumMap<>(ErrorKind.class);
    letters.forEach(d -> m.merge(d.getKind(), 1, Integer::sum));
    return m;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
