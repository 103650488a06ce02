package io.statecast.dashboard;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.RegistryWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Kafka reader: one thread, one consumer over the job's five topics, feeding {@link
 * DashboardState} and the {@link GateSampler}.
 *
 * <p>It reads {@code read_committed}: the job writes forecasts, dead letters and late events in
 * transactions (exactly once), and an aborted transaction's records must never be shown (plain
 * producers' observations are visible at once either way). It joins no consumer group and commits
 * nothing: every dashboard reads everything, and a restart starts again from {@link StartFrom}. It
 * assigns itself every partition of the topics, looking again every 10 s, so topics created after
 * the dashboard started (and partitions added) are picked up, and read from their beginning. The
 * anomalies topic is read when it exists and not reported missing (a job from before anomaly flags
 * has none).
 *
 * <p>Values are decoded in the configured format ({@link DashboardConfig#format()}, {@link
 * TopicCodecs}). A value that does not decode is skipped and counted per topic ({@link
 * DashboardState#undecodable}). A schema registry that does not answer is waited out ({@link
 * RegistryWait}, with back-off; the source line says so): the record in hand is neither skipped nor
 * miscounted, since the outage is not its fault, and the counts stay exact. The wait blocks only
 * this thread, and shutdown stays bounded: {@link #close()} wakes the consumer and interrupts the
 * thread, which ends a back-off sleep (and a registry request) at once.
 */
final class StreamConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long ASSIGN_EVERY_MILLIS = 10_000;

  private final DashboardConfig config;
  private final DashboardState state;
  private final GateSampler gates;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final String optional; // read when it exists, never reported missing
  private final RegistryWait registryWait;
  private long registryRetries;
  private final Thread thread;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private volatile boolean running = true;
  private boolean firstAssignment = true;
  private long nextAssignment;

  /** What one topic's records go to; interrupted only while waiting for a schema registry. */
  @FunctionalInterface
  private interface Handler {
    void accept(ConsumerRecord<byte[], byte[]> r) throws InterruptedException;
  }

  /**
   * @throws IOException if the format's writer schema directory cannot be read
   */
  StreamConsumer(DashboardConfig config, DashboardState state, GateSampler gates)
      throws IOException {
    this.config = config;
    this.state = state;
    this.gates = gates;
    DashboardTopics t = config.topics();
    TopicCodecs codecs = TopicCodecs.of(t, config.format());
    this.registryWait = new RegistryWait("the dashboard's Kafka reader", this::registryRetried);
    handlers.put(t.observations(), r -> observation(codecs.observations(), r));
    handlers.put(t.forecasts(), r -> forecast(codecs.forecasts(), r));
    handlers.put(t.deadLetters(), r -> deadLetter(codecs.deadLetters(), r, false));
    handlers.put(t.lateEvents(), r -> deadLetter(codecs.lateEvents(), r, true));
    handlers.put(t.anomalies(), r -> anomaly(codecs.anomalies(), r));
    this.optional = t.anomalies();
    this.consumer = new KafkaConsumer<>(properties(config));
    this.thread = new Thread(this::run, "statecast-dashboard-kafka");
    this.thread.setDaemon(true);
  }

  static Properties properties(DashboardConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaProperties()); // security settings; the ones below are not negotiable
    p.put("bootstrap.servers", config.bootstrapServers());
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", "false");
    p.put("client.id", "statecast-dashboard");
    p.put("max.poll.records", "2000");
    p.remove("group.id");
    return p;
  }

  void start() {
    thread.start();
  }

  /** Whether the reader thread runs (it closes the consumer when it ends). */
  private boolean started() {
    return thread.getState() != Thread.State.NEW;
  }

  private void run() {
    try {
      while (running) {
        long now = System.currentTimeMillis();
        if (now >= nextAssignment) {
          assign();
          nextAssignment = now + ASSIGN_EVERY_MILLIS;
        }
        if (assigned.isEmpty()) {
          sleep(200);
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          handlers.get(r.topic()).accept(r);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (InterruptException e) {
      if (running) {
        LOG.error("the dashboard's Kafka reader was interrupted", e);
        state.source("stopped: interrupted");
      }
    } catch (RuntimeException e) {
      LOG.error("the dashboard's Kafka reader stopped", e);
      state.source("stopped: " + RejectStats.cut(e.toString()));
    } finally {
      Thread.interrupted(); // close() interrupts; the consumer's close must not see it
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (InterruptException e) {
        LOG.debug("the dashboard's Kafka consumer closed in a hurry", e);
      }
    }
  }

  /** Assigns every partition of the topics that exist; new ones start at their beginning. */
  private void assign() {
    Map<String, List<PartitionInfo>> topics;
    try {
      topics = consumer.listTopics(Duration.ofSeconds(5));
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      state.source("cannot reach Kafka at " + config.bootstrapServers() + ": " + e.getMessage());
      return;
    }
    List<TopicPartition> fresh = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String topic : handlers.keySet()) {
      List<PartitionInfo> ps = topics.get(topic);
      if (ps == null || ps.isEmpty()) {
        if (!topic.equals(optional)) {
          missing.add(topic);
        }
        continue;
      }
      for (PartitionInfo p : ps) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        if (assigned.add(tp)) {
          fresh.add(tp);
        }
      }
    }
    if (!fresh.isEmpty()) {
      consumer.assign(new ArrayList<>(assigned));
      if (firstAssignment && config.startFrom() == StartFrom.LATEST) {
        consumer.seekToEnd(fresh);
      } else {
        consumer.seekToBeginning(fresh);
      }
      firstAssignment = false;
    }
    missing.sort(null);
    state.source(
        (missing.isEmpty() ? "reading " : "waiting for topics " + missing + "; reading ")
            + assigned.size()
            + " partitions from "
            + config.bootstrapServers());
  }

  /**
   * The record in {@code r}'s value, waiting out a schema registry that does not answer.
   *
   * @throws InterruptedException when {@link #close()} interrupts the wait
   */
  private <T> Decoded<T> decode(ValueCodec<T> codec, ConsumerRecord<byte[], byte[]> r)
      throws InterruptedException {
    long before = registryRetries;
    Decoded<T> d = registryWait.until(() -> codec.decode(r.value()));
    if (registryRetries != before) {
      nextAssignment = 0; // the next pass writes the source line again
    }
    return d;
  }

  private void registryRetried() {
    registryRetries++;
    state.source(
        "waiting for the schema registry ("
            + registryRetries
            + " failed tries; see the log); reading "
            + assigned.size()
            + " partitions from "
            + config.bootstrapServers());
  }

  private void observation(ValueCodec<Observation> codec, ConsumerRecord<byte[], byte[]> r)
      throws InterruptedException {
    Decoded<Observation> d = decode(codec, r);
    if (d instanceof Decoded.Ok<Observation> ok) {
      state.observation(ok.value(), r.timestamp());
      gates.offer(ok.value());
    } else {
      state.undecodable(r.topic());
    }
  }

  private void forecast(ValueCodec<Forecast> codec, ConsumerRecord<byte[], byte[]> r)
      throws InterruptedException {
    Decoded<Forecast> d = decode(codec, r);
    if (d instanceof Decoded.Ok<Forecast> ok) {
      state.forecast(ok.value());
      gates.forecastModel(ok.value().getModelId(), ok.value().getModelVersion());
    } else {
      state.undecodable(r.topic());
    }
  }

  private void anomaly(ValueCodec<Anomaly> codec, ConsumerRecord<byte[], byte[]> r)
      throws InterruptedException {
    Decoded<Anomaly> d = decode(codec, r);
    if (d instanceof Decoded.Ok<Anomaly> ok) {
      state.anomaly(ok.value());
    } else {
      state.undecodable(r.topic());
    }
  }

  private void deadLetter(
      ValueCodec<DeadLetter> codec, ConsumerRecord<byte[], byte[]> r, boolean late)
      throws InterruptedException {
    Decoded<DeadLetter> d = decode(codec, r);
    if (!(d instanceof Decoded.Ok<DeadLetter> ok)) {
      state.undecodable(r.topic());
    } else if (late) {
      state.lateEvent(ok.value());
    } else {
      state.deadLetter(ok.value());
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops the reader within about 15 s: wakes a poll, and interrupts a wait for the schema registry
   * (both end the loop), then waits up to 10 s for the consumer to close.
   */
  @Override
  public void close() {
    running = false;
    if (!started()) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    consumer.wakeup();
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
