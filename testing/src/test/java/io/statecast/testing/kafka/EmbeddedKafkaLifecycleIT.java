package io.statecast.testing.kafka;

import static io.statecast.testing.kafka.KafkaTestSupport.consume;
import static io.statecast.testing.kafka.KafkaTestSupport.produce;
import static io.statecast.testing.kafka.KafkaTestSupport.values;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts, kept and temporary log directories, and brokers side by side. */
class EmbeddedKafkaLifecycleIT {

  @Test
  void restartKeepsRecordsOffsetsAndPortAndClientsReconnect() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("restart", 2);
      int port = kafka.port();
      produce(kafka.producerProperties(), "restart", values("before", 20));
      assertThat(consume(kafka.consumerProperties("g"), "restart", 10)).hasSizeGreaterThan(0);

      Properties producerProps = kafka.producerProperties();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
        producer.send(record("mid-0")).get(30, TimeUnit.SECONDS);
        kafka.restart();
        System.out.printf(
            "EmbeddedKafka restarted in %d ms%n", kafka.lastStartDuration().toMillis());
        // The producer from before the restart reconnects by itself.
        producer.send(record("mid-1")).get(30, TimeUnit.SECONDS);
      }

      assertThat(kafka.port()).isEqualTo(port);
      assertThat(kafka.isRunning()).isTrue();
      List<String> all = consume(kafka.consumerProperties("after"), "restart", 22);
      assertThat(all).containsAll(values("before", 20)).contains("mid-0", "mid-1").hasSize(22);
      try (Admin admin = kafka.adminClient()) {
        long committed =
            admin
                .listConsumerGroupOffsets("g")
                .partitionsToOffsetAndMetadata()
                .get()
                .values()
                .stream()
                .mapToLong(o -> o.offset())
                .sum();
        assertThat(committed).as("offsets committed before the restart").isGreaterThan(0);
      }
    }
  }

  @Test
  void explicitLogDirectoryIsKeptAndReusedByTheNextBroker(@TempDir Path dir) throws Exception {
    Path logs = dir.resolve("kafka-logs");
    EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder().optLogDirectory(logs).build();
    try (EmbeddedKafka first = EmbeddedKafka.start(config)) {
      first.createTopic("kept", 1);
      produce(first.producerProperties(), "kept", values("kept", 5));
    }
    assertThat(logs.resolve("meta.properties")).isRegularFile();

    try (EmbeddedKafka second = EmbeddedKafka.start(config)) {
      second.createTopic("kept", 1); // already there: not an error
      assertThat(consume(second.consumerProperties("g"), "kept", 5))
          .containsExactlyElementsOf(values("kept", 5));
    }
    assertThat(logs).isDirectory();
  }

  @Test
  void closeDeletesTheTemporaryLogDirectoryAndIsIdempotent() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Path logs = kafka.logDirectory();
    assertThat(logs).isDirectory();
    assertThat(logs.toString()).startsWith(System.getProperty("java.io.tmpdir"));

    kafka.close();
    kafka.close();

    assertThat(Files.exists(logs)).isFalse();
    assertThat(kafka.isRunning()).isFalse();
    assertThatThrownBy(kafka::producerProperties).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(kafka::restart).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void twoBrokersRunSideBySide() throws Exception {
    try (EmbeddedKafka a = EmbeddedKafka.start();
        EmbeddedKafka b = EmbeddedKafka.start()) {
      assertThat(a.port()).isNotEqualTo(b.port());
      assertThat(a.logDirectory()).isNotEqualTo(b.logDirectory());
      a.createTopic("only-in-a", 1);
      b.createTopic("only-in-b", 1);
      produce(a.producerProperties(), "only-in-a", values("a", 3));
      produce(b.producerProperties(), "only-in-b", values("b", 3));

      assertThat(consume(a.consumerProperties("g"), "only-in-a", 3))
          .containsExactlyElementsOf(values("a", 3));
      assertThat(consume(b.consumerProperties("g"), "only-in-b", 3))
          .containsExactlyElementsOf(values("b", 3));
      try (Admin admin = b.adminClient()) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .contains("only-in-b")
            .doesNotContain("only-in-a");
      }
    }
  }

  @Test
  void aTakenPortFailsTheStartClearlyAndLeavesNothingBehind() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      EmbeddedKafkaConfig config =
          EmbeddedKafkaConfig.builder().setPort(taken.getLocalPort()).build();
      List<Path> before = temporaryLogDirectories();

      assertThatThrownBy(() -> EmbeddedKafka.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("in use");

      assertThat(temporaryLogDirectories()).isEqualTo(before);
    }
  }

  private static List<Path> temporaryLogDirectories() throws Exception {
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("statecast-kafka-"))
          .sorted()
          .toList();
    }
  }

  private static ProducerRecord<byte[], byte[]> record(String value) {
    return new ProducerRecord<>("restart", value.getBytes(UTF_8));
  }
}
