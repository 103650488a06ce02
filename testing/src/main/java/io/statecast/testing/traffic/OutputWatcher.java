package io.statecast.testing.traffic;

import io.statecast.avro.Forecast;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.format.RegistryWait;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the job's output topics as a consumer would ({@code read_committed}): counts forecasts,
 * dead letters and late events, measures latency, scores accuracy and keeps the latest forecast of
 * the keys shown live.
 *
 * <p>Two latencies: <em>processing</em> = the forecast record's Kafka timestamp (when the sink sent
 * it) minus the observation's; <em>visible</em> = when this consumer received it minus the
 * observation's timestamp, which with exactly-once output includes waiting for the checkpoint that
 * commits the transaction.
 *
 * <p>Forecasts are decoded in the topics' value format (Avro single-object by default); a schema
 * registry that does not answer is waited out ({@link RegistryWait}; {@link #stop()} interrupts the
 * wait). The records of the other topics (dead letters, late events) are counted, not decoded: a
 * count needs no format.
 */
public final class OutputWatcher implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(OutputWatcher.class);

  private final Properties clientProperties;
  private final String forecastsTopic;
  private final List<String> otherTopics;
  private final boolean scoresForecasts;
  private final FormatSettings format;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong forecasts = new AtomicLong();
  private final Map<String, AtomicLong> others = new ConcurrentHashMap<>();
  private final Map<String, Forecast> latest = new ConcurrentHashMap<>();
  private final LatencyRecorder processing = new LatencyRecorder(100_000);
  private final LatencyRecorder visible = new LatencyRecorder(100_000);
  private final AccuracyTracker accuracy = new AccuracyTracker();
  private volatile long firstAt;
  private volatile long lastAt;
  private volatile Thread worker;
  private volatile boolean waitingForRegistry;

  /**
   * @param scoresForecasts also score accuracy and keep each key's latest forecast (the demo's
   *     dashboard); without, only counts and latencies, so that a benchmark's watcher takes as
   *     little as possible of the CPU the job under test shares with it
   */
  public OutputWatcher(
      Properties clientProperties,
      String forecastsTopic,
      List<String> otherTopics,
      boolean scoresForecasts) {
    this(clientProperties, forecastsTopic, otherTopics, scoresForecasts, FormatSettings.AVRO);
  }

  /**
   * A watcher of topics written in {@code format}.
   *
   * @param scoresForecasts as in {@link #OutputWatcher(Properties, String, List, boolean)}
   * @param format the value format of the forecasts
   */
  public OutputWatcher(
      Properties clientProperties,
      String forecastsTopic,
      List<String> otherTopics,
      boolean scoresForecasts,
      FormatSettings format) {
    this.format = format;
    this.clientProperties = clientProperties;
    this.forecastsTopic = forecastsTopic;
    this.otherTopics = otherTopics;
    this.scoresForecasts = scoresForecasts;
    otherTopics.forEach(t -> others.put(t, new AtomicLong()));
  }

  @Override
  public void run() {
    worker = Thread.currentThread();
    ValueCodec<Forecast> codec;
    try {
      codec = format.codec(Forecast.class, forecastsTopic);
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot watch {}: no {} codec: {}", forecastsTopic, format.format(), e.toString());
      return;
    }
    RegistryWait registry =
        new RegistryWait("the watcher of " + forecastsTopic, () -> waitingForRegistry = true);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      consumer.subscribe(concat());
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          long now = System.currentTimeMillis();
          if (!r.topic().equals(forecastsTopic)) {
            others.get(r.topic()).incrementAndGet();
            continue;
          }
          Decoded<Forecast> d = registry.until(() -> codec.decode(r.value()));
          waitingForRegistry = false;
          if (d.isOk()) {
            onForecast(d.value(), r.timestamp(), now);
          }
        }
      }
    } catch (InterruptedException e) {
      LOG.warn("stopped watching {} while waiting for the schema registry", forecastsTopic);
    } finally {
      worker = null;
    }
  }

  private void onForecast(Forecast f, long sentAt, long now) {
    if (forecasts.getAndIncrement() == 0) {
      firstAt = now;
    }
    lastAt = now;
    processing.record(Math.max(0, sentAt - f.getObservedAt()));
    visible.record(Math.max(0, now - f.getObservedAt()));
    if (scoresForecasts) {
      accuracy.add(f);
      latest.put(f.getKey(), f);
    }
  }

  private List<String> concat() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(otherTopics);
    all.add(forecastsTopic);
    return all;
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "statecast-demo-watcher");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  /** Asks the watcher to stop; a watcher waiting for the schema registry is interrupted. */
  public void stop() {
    stop.set(true);
    Thread w = worker;
    if (w != null && waitingForRegistry) {
      w.interrupt();
    }
  }

  public long forecasts() {
    return forecasts.get();
  }

  /** Records read from one of the other topics. */
  public long count(String topic) {
    AtomicLong c = others.get(topic);
    return c == null ? 0 : c.get();
  }

  public LatencyRecorder processingLatency() {
    return processing;
  }

  public LatencyRecorder visibleLatency() {
    return visible;
  }

  public AccuracyTracker accuracy() {
    return accuracy;
  }

  /** The latest forecast of a key, or null. */
  public Forecast latest(String key) {
    return latest.get(key);
  }

  /** When the last forecast was received (ms since the epoch), or 0 before the first. */
  public long lastForecastMillis() {
    return lastAt;
  }

  /** Seconds between the first and the last forecast seen. */
  public double activeSeconds() {
    return forecasts.get() < 2 ? 0 : (lastAt - firstAt) / 1000.0;
  }
}
