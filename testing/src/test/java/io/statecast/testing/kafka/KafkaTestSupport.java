package io.statecast.testing.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Bounded produce and consume loops shared by the broker tests. */
final class KafkaTestSupport {
  static final Duration WAIT = Duration.ofSeconds(30);

  private KafkaTestSupport() {}

  /** Sends {@code values} as UTF-8 (batched) and waits until the broker acknowledged each. */
  static void produce(Properties producerProperties, String topic, List<String> values)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (String v : values) {
        acks.add(producer.send(new ProducerRecord<>(topic, v.getBytes(UTF_8))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Polls {@code topic} until {@code expected} values arrived or {@link #WAIT} passed. */
  static List<String> consume(Properties consumerProperties, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(r.value(), UTF_8));
        }
      }
      consumer.commitSync(Duration.ofSeconds(10));
    }
    return values;
  }

  /** {@code prefix-0 … prefix-(n-1)}. */
  static List<String> values(String prefix, int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(prefix + "-" + i);
    }
    return values;
  }

  /**
   * The local addresses (hex, as in {@code /proc/net/tcp}) of the sockets listening on {@code
   * port}, from {@code /proc/net/tcp} and {@code /proc/net/tcp6}; empty if neither exists.
   */
  static Set<String> listeningAddresses(int port) throws IOException {
    Set<String> addresses = new HashSet<>();
    String hexPort = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      List<String> lines = Files.readAllLines(path);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        boolean listening = "0A".equals(f[3]);
        if (listening && f[1].endsWith(hexPort)) {
          addresses.add(f[1].substring(0, f[1].length() - hexPort.length()));
        }
      }
    }
    return addresses;
  }
}
