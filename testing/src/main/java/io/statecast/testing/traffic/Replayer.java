package io.statecast.testing.traffic;

import io.statecast.avro.Observation;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.format.RegistryWait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a feed to the observations topic in a value format (Avro single-object by default), keyed
 * by entity, at a given rate (or as fast as the producer goes), until the feed ends, the duration
 * is over or it is stopped. Each record's Kafka timestamp is its send time, from which the
 * pipeline's latency is measured.
 *
 * <p>With {@code avro-registry}, a schema registry that does not answer when the schema is first
 * registered is waited out ({@link RegistryWait}); {@link #stop()} interrupts that wait.
 */
public final class Replayer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

  private final ObservationFeed feed;
  private final Properties producerProperties;
  private final String topic;
  private final double eventsPerSecond;
  private final Duration duration;
  private final FormatSettings format;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean finished;
  private volatile Thread worker;
  private volatile boolean waitingForRegistry;

  /**
   * A replay in Avro single-object encoding.
   *
   * @param eventsPerSecond target rate; {@code Double.POSITIVE_INFINITY} for as fast as possible
   * @param duration how long to send (null: until the feed ends)
   */
  public Replayer(
      ObservationFeed feed,
      Properties producerProperties,
      String topic,
      double eventsPerSecond,
      Duration duration) {
    this(feed, producerProperties, topic, eventsPerSecond, duration, FormatSettings.AVRO);
  }

  /**
   * A replay in {@code format}.
   *
   * @param eventsPerSecond target rate; {@code Double.POSITIVE_INFINITY} for as fast as possible
   * @param duration how long to send (null: until the feed ends)
   * @param format the value format the observations are written in
   */
  public Replayer(
      ObservationFeed feed,
      Properties producerProperties,
      String topic,
      double eventsPerSecond,
      Duration duration,
      FormatSettings format) {
    this.format = format;
    this.feed = feed;
    this.producerProperties = producerProperties;
    this.topic = topic;
    this.eventsPerSecond = eventsPerSecond;
    this.duration = duration;
  }

  @Override
  public void run() {
    worker = Thread.currentThread();
    ValueCodec<Observation> codec;
    try {
      codec = format.codec(Observation.class, topic);
    } catch (IOException | RuntimeException e) {
      LOG.error("replay cannot start: no {} codec: {}", format.format(), e.toString());
      finished = true;
      return;
    }
    RegistryWait registry =
        new RegistryWait("the replay to " + topic, () -> waitingForRegistry = true);
    Properties p = new Properties();
    p.putAll(producerProperties);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long t0 = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : t0 + duration.toNanos();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      while (!stop.get() && feed.hasNext() && System.nanoTime() < end) {
        pace(t0);
        Observation o = feed.next();
        byte[] value = registry.until(() -> codec.encode(o));
        waitingForRegistry = false;
        producer.send(
            new ProducerRecord<>(topic, o.getKey().getBytes(StandardCharsets.UTF_8), value));
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (InterruptedException e) {
      LOG.warn("replay stopped while waiting for the schema registry");
    } catch (RuntimeException e) {
      LOG.error("replay stopped: {}", e.toString());
    } finally {
      worker = null;
      finished = true;
    }
  }

  /** Sleeps as needed to keep to the rate. */
  private void pace(long t0) {
    if (Double.isInfinite(eventsPerSecond)) {
      return;
    }
    long due = t0 + (long) (sent.get() * 1e9 / eventsPerSecond);
    long wait = due - System.nanoTime();
    if (wait > 1_000_000) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
      }
    }
  }

  /**
   * Asks the replay to stop (it flushes what it sent); a replay waiting for the schema registry is
   * interrupted.
   */
  public void stop() {
    stop.set(true);
    Thread w = worker;
    if (w != null && waitingForRegistry) {
      w.interrupt();
    }
  }

  /** Observations sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Whether the replay has ended. */
  public boolean finished() {
    return finished;
  }
}
