package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka side of {@link StandaloneClusterIT}: the job's topics, the observations sent (as in
 * {@code ForecastJobIT}: keys × days, the bad inputs in the middle, a duplicate and a late event),
 * and the committed outputs read back and checked against the offline oracle.
 */
final class Traffic {

  static final int KEYS = 24;

  private final Properties kafka;

  Traffic(Properties kafka) {
    this.kafka = kafka;
  }

  void createTopics() throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("observations", 4, (short) 1),
                  new NewTopic("forecasts", 2, (short) 1),
                  new NewTopic("dead-letters", 1, (short) 1),
                  new NewTopic("late-events", 1, (short) 1),
                  new NewTopic("anomalies", 1, (short) 1)))
          .all()
          .get();
    }
  }

  /** KEYS keys × days [from, to), day by day across keys. */
  static List<Observation> observations(int from, int to, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Observation> out = new ArrayList<>();
    for (int d = from; d < to; d++) {
      for (int k = 0; k < KEYS; k++) {
        out.add(TestModels.observation("station-" + k, d, (float) (10 + 3 * r.nextGaussian())));
      }
    }
    return out;
  }

  /**
   * Sends the valid observations with the bad inputs in the middle, then (if {@code lastDay} ≥ 0) a
   * duplicate of station-3's observation of {@code lastDay} and a late one of station-4.
   */
  void produce(List<Observation> valid, List<BadInputs.Bad> bad, int lastDay) {
    WireCodec<Observation> codec = WireCodec.observations();
    Properties p = new Properties();
    p.putAll(kafka);
    p.put("key.serializer", ByteArraySerializer.class.getName());
    p.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < valid.size(); i++) {
        Observation o = valid.get(i);
        producer.send(new ProducerRecord<>("observations", bytes(o.getKey()), codec.encode(o)));
        if (i == valid.size() / 2) {
          bad.forEach(b -> producer.send(new ProducerRecord<>("observations", b.key(), b.value())));
        }
      }
      if (lastDay >= 0) {
        Observation duplicate = TestModels.observation("station-3", lastDay, 1f);
        Observation late = TestModels.observation("station-4", 2, 1f);
        producer.send(
            new ProducerRecord<>("observations", bytes("station-3"), codec.encode(duplicate)));
        producer.send(new ProducerRecord<>("observations", bytes("station-4"), codec.encode(late)));
      }
      producer.flush();
    }
  }

  /**
   * Waits, at most {@code timeout}, until the committed outputs hold at least what the input
   * implies (exact counts are checked by {@link #check}); {@code alive} fails if a process died.
   */
  void awaitOutputs(int forecasts, int deadLetters, Runnable alive, Duration timeout) {
    alive.run(); // as at each poll that finds too few: a process that died fails at once
    await("at least " + forecasts + " forecasts, " + deadLetters + " dead letters, 1 late event")
        .dontCatchUncaughtExceptions()
        .atMost(timeout)
        .pollDelay(Duration.ofSeconds(1))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                new Outputs(
                    committed("forecasts").size(),
                    committed("dead-letters").size(),
                    committed("late-events").size()),
            o -> {
              if (o.forecasts() >= forecasts && o.deadLetters() >= deadLetters && o.late() >= 1) {
                return true;
              }
              alive.run();
              return false;
            });
  }

  /** Counts of the committed outputs. */
  private record Outputs(int forecasts, int deadLetters, int late) {
    @Override
    public String toString() {
      return String.format(
          "%d forecasts, %d dead letters, %d late events", forecasts, deadLetters, late);
    }
  }

  /**
   * Exactly one committed forecast per valid observation, each equal (≤1e-5) to stepping its key
   * offline through {@code valid} in order; every bad input, the duplicate and the late event where
   * they belong. Prints the counts.
   */
  void check(ModelArtifact model, List<Observation> valid, List<BadInputs.Bad> bad)
      throws Exception {
    List<Forecast> forecasts = decode(committed("forecasts"), WireCodec.forecasts());
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
    Map<ErrorKind, Integer> dead = new EnumMap<>(ErrorKind.class);
    decode(committed("dead-letters"), WireCodec.deadLetters())
        .forEach(x -> dead.merge(x.getKind(), 1, Integer::sum));
    List<DeadLetter> late = decode(committed("late-events"), WireCodec.deadLetters());
    System.out.printf(
        "observations: %d valid, %d bad, 1 duplicate, 1 late -> forecasts %d (unique %d, lost %d,"
            + " duplicated %d), max |forecast - offline| %.2e; dead letters %s; late events %d%n",
        valid.size(),
        bad.size(),
        forecasts.size(),
        unique.size(),
        valid.size() - unique.size(),
        forecasts.size() - unique.size(),
        maxErr,
        dead,
        late.size());

    assertThat(forecasts).hasSize(valid.size());
    assertThat(unique).hasSize(valid.size());
    assertThat(maxErr).isLessThanOrEqualTo(1e-5);
    Map<ErrorKind, Integer> want = new EnumMap<>(ErrorKind.class);
    bad.forEach(b -> want.merge(b.expected(), 1, Integer::sum));
    want.merge(ErrorKind.DUPLICATE_EVENT, 1, Integer::sum);
    assertThat(dead).isEqualTo(want);
    assertThat(late)
        .singleElement()
        .extracting(DeadLetter::getKind)
        .isEqualTo(ErrorKind.LATE_EVENT);
  }

  private List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
    return TopicReader.readAll(kafka, topic, true, Duration.ofSeconds(30));
  }

  private static <T> List<T> decode(List<ConsumerRecord<byte[], byte[]>> records, WireCodec<T> c) {
    return records.stream().map(r -> c.decode(r.value()).value()).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
