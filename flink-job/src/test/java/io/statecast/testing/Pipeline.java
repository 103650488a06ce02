package io.statecast.testing;

import static org.awaitility.Awaitility.await;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Test traffic for a running job on a real broker: sends observations (and remembers what the
 * offline oracle expects of each), reads the committed output, and checks it.
 */
public final class Pipeline implements AutoCloseable {

  private final Properties clientProperties;
  private final KafkaProducer<byte[], byte[]> producer;
  private final TestModels.Offline oracle;
  private final WireCodec<Observation> codec = WireCodec.observations();
  private final Map<String, float[]> expected = new HashMap<>();
  private int sent;

  public Pipeline(EmbeddedKafka kafka, TestModels.Offline oracle) {
    this(kafka.clientProperties(), kafka.producerProperties(), oracle);
  }

  public Pipeline(
      Properties clientProperties, Properties producerProperties, TestModels.Offline oracle) {
    this.clientProperties = clientProperties;
    this.producer = new KafkaProducer<>(producerProperties);
    this.oracle = oracle;
  }

  /** Days [from, to) of {@code keys} keys, day by day across keys. */
  public void sendDays(int keys, int from, int to) throws Exception {
    for (int d = from; d < to; d++) {
      for (int k = 0; k < keys; k++) {
        send(TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(0.7 * d + k))));
      }
    }
    producer.flush();
  }

  /** Sends one observation and records the oracle's forecast for it. */
  public void send(Observation o) throws Exception {
    producer.send(
        new ProducerRecord<>(
            "observations", o.getKey().getBytes(StandardCharsets.UTF_8), codec.encode(o)));
    expected.put(id(o.getKey(), o.getEventTime()), oracle.step(o));
    sent++;
  }

  /** Sends raw bytes (bad input); nothing is expected of them. */
  public void sendRaw(byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>("observations", key, value));
  }

  public void flush() {
    producer.flush();
  }

  public int sent() {
    return sent;
  }

  /** Waits (bounded) until at least {@code n} committed forecasts are readable. */
  public List<Forecast> awaitForecasts(int n, Duration timeout) throws Exception {
    return awaitForecasts(n, timeout, () -> null);
  }

  /**
   * Waits (bounded) until at least {@code n} committed forecasts are readable; ends at once when
   * {@code failure}, asked at every poll, names a reason the forecasts will never come (e.g. the
   * job failed for good), or null while they still may.
   */
  public List<Forecast> awaitForecasts(int n, Duration timeout, Callable<String> failure) {
    // the wait reports the count it last read; the forecasts themselves are kept aside
    AtomicReference<List<Forecast>> read = new AtomicReference<>(List.of());
    await("at least " + n + " committed forecasts")
        .dontCatchUncaughtExceptions()
        .atMost(timeout)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              List<Forecast> f = forecasts();
              read.set(f);
              if (f.size() < n) {
                String why = failure.call();
                if (why != null) {
                  throw new AssertionError("only " + f.size() + " of " + n + " forecasts: " + why);
                }
              }
              return f.size();
            },
            size -> size >= n);
    return read.get();
  }

  public List<Forecast> forecasts() {
    return read("forecasts", WireCodec.forecasts());
  }

  public List<DeadLetter> deadLetters() {
    return read("dead-letters", WireCodec.deadLetters());
  }

  public List<DeadLetter> lateEvents() {
    return read("late-events", WireCodec.deadLetters());
  }

  private <T> List<T> read(String topic, WireCodec<T> c) {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicReader.readAll(clientProperties, topic, true, Duration.ofSeconds(60))) {
      out.add(c.decode(r.value()).value());
    }
    return out;
  }

  /** What the output shows against what was sent. */
  public record Check(
      int sent, int forecasts, int distinct, int lost, int duplicated, double maxError) {
    @Override
    public String toString() {
      return String.format(
          "observations %d, forecasts %d, lost %d, duplicated %d, max |err| vs the"
              + " failure-free offline run %.2e",
          sent, forecasts, lost, duplicated, maxError);
    }
  }

  /** Exactly-once check of the committed forecasts. */
  public Check check() {
    List<Forecast> all = forecasts();
    Map<String, Integer> count = new HashMap<>();
    double max = 0;
    for (Forecast f : all) {
      String id = id(f.getKey(), f.getEventTime());
      count.merge(id, 1, Integer::sum);
      float[] want = expected.get(id);
      if (want != null) {
        for (int j = 0; j < want.length; j++) {
          max = Math.max(max, Math.abs(want[j] - f.getValues().get(j)));
        }
      }
    }
    int lost = (int) expected.keySet().stream().filter(k -> !count.containsKey(k)).count();
    int duplicated = count.values().stream().mapToInt(c -> c - 1).sum();
    return new Check(sent, all.size(), count.size(), lost, duplicated, max);
  }

  private static String id(String key, long time) {
    return key + "@" + time;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
