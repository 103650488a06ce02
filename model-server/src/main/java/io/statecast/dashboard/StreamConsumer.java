package io.statecast.dashboard;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.WireCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's Kafka reader: one thread, one consumer over the job's four topics, feeding {@link
 * DashboardState} and the {@link GateSampler}.
 *
 * <p>It reads {@code read_committed}: the job writes forecasts, dead letters and late events in
 * transactions (exactly once), and an aborted transaction's records must never be shown (plain
 * producers' observations are visible at once either way). It joins no consumer group and commits
 * nothing: every dashboard reads everything, and a restart starts again from {@link StartFrom}. It
 * assigns itself every partition of the topics, looking again every 10 s, so topics created after
 * the dashboard started (and partitions added) are picked up, and read from their beginning.
 */
final class StreamConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long ASSIGN_EVERY_MILLIS = 10_000;

  private final DashboardConfig config;
  private final DashboardState state;
  private final GateSampler gates;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Consumer<ConsumerRecord<byte[], byte[]>>> handlers = new HashMap<>();
  private final WireCodec<Observation> observations = WireCodec.observations();
  private final WireCodec<Forecast> forecasts = WireCodec.forecasts();
  private final WireCodec<DeadLetter> deadLetters = WireCodec.deadLetters();
  private final Thread thread;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private volatile boolean running = true;
  private boolean firstAssignment = true;
  private long nextAssignment;

  StreamConsumer(DashboardConfig config, DashboardState state, GateSampler gates) {
    this.config = config;
    this.state = state;
    this.gates = gates;
    this.consumer = new KafkaConsumer<>(properties(config));
    DashboardTopics t = config.topics();
    handlers.put(t.observations(), this::observation);
    handlers.put(t.forecasts(), this::forecast);
    handlers.put(t.deadLetters(), r -> deadLetter(r, false));
    handlers.put(t.lateEvents(), r -> deadLetter(r, true));
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
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("the dashboard's Kafka reader stopped", e);
      state.source("stopped: " + RejectStats.cut(e.toString()));
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
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
        missing.add(topic);
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

  private void observation(ConsumerRecord<byte[], byte[]> r) {
    Decoded<Observation> d = observations.decode(r.value());
    if (d instanceof Decoded.Ok<Observation> ok) {
      state.observation(ok.value(), r.timestamp());
      gates.offer(ok.value());
    } else {
      state.undecodable(r.topic());
    }
  }

  private void forecast(ConsumerRecord<byte[], byte[]> r) {
    Decoded<Forecast> d = forecasts.decode(r.value());
    if (d instanceof Decoded.Ok<Forecast> ok) {
      state.forecast(ok.value());
      gates.forecastModel(ok.value().getModelId(), ok.value().getModelVersion());
    } else {
      state.undecodable(r.topic());
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> r, boolean late) {
    Decoded<DeadLetter> d = deadLetters.decode(r.value());
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

  @Override
  public void close() {
    running = false;
    if (!started()) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
