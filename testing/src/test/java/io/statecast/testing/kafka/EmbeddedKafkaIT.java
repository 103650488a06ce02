package io.statecast.testing.kafka;

import static io.statecast.testing.kafka.KafkaTestSupport.consume;
import static io.statecast.testing.kafka.KafkaTestSupport.listeningAddresses;
import static io.statecast.testing.kafka.KafkaTestSupport.produce;
import static io.statecast.testing.kafka.KafkaTestSupport.values;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One broker shared by the tests of plain use: topics, records, transactions, loopback. */
class EmbeddedKafkaIT {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafkaConfig.builder()
                .setDefaultPartitions(2)
                .setTransactionMaxTimeout(Duration.ofMinutes(2))
                .setStartTimeout(Duration.ofSeconds(90))
                .build());
    System.out.printf(
        "EmbeddedKafka started in %d ms on %s%n",
        kafka.lastStartDuration().toMillis(), kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void producesAndConsumesRecordsOnLoopback() throws Exception {
    kafka.createTopic("plain", 3);
    List<String> sent = values("plain", 50);

    produce(kafka.producerProperties(), "plain", sent);
    List<String> received = consume(kafka.consumerProperties("plain-group"), "plain", sent.size());

    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    try (Admin admin = kafka.adminClient()) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
      assertThat(nodes).extracting(Node::host).containsExactly("127.0.0.1");
      assertThat(nodes).extracting(Node::id).containsExactly(1);
    }
  }

  @Test
  void compressedBatchesRoundTrip() throws Exception {
    // lz4 exercises the one lz4-java jar kept on the class path (at.yawk.lz4, see the POMs).
    for (String codec : List.of("lz4", "zstd", "snappy", "gzip")) {
      kafka.createTopic("compressed-" + codec, 1);
      Properties producer = kafka.producerProperties();
      producer.put("compression.type", codec);
      List<String> sent = values(codec, 200);

      produce(producer, "compressed-" + codec, sent);

      assertThat(consume(kafka.consumerProperties(codec), "compressed-" + codec, sent.size()))
          .as(codec)
          .containsExactlyElementsOf(sent);
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    assumeTrue(
        !listeningAddresses(kafka.port()).isEmpty(), "no /proc/net/tcp to read listeners from");
    // 127.0.0.1 as /proc/net/tcp writes it, plain or IPv4-mapped (Java's sockets are IPv6):
    // 0.0.0.0 or :: would be reachable from outside.
    List<String> loopback = List.of("0100007F", "0000000000000000FFFF00000100007F");
    assertThat(listeningAddresses(kafka.port())).hasSize(1).isSubsetOf(loopback);
    assertThat(listeningAddresses(kafka.controllerPort())).hasSize(1).isSubsetOf(loopback);
  }

  @Test
  void createTopicWaitsForLeadersAndAcceptsAnExistingTopic() throws Exception {
    kafka.createTopics(Map.of("twice-a", 4, "twice-b", 1));
    kafka.createTopic("twice-a", 4);

    try (Admin admin = kafka.adminClient()) {
      TopicDescription a =
          admin.describeTopics(List.of("twice-a")).allTopicNames().get().get("twice-a");
      assertThat(a.partitions()).hasSize(4).allSatisfy(p -> assertThat(p.leader().id()).isOne());
    }
    assertThatThrownBy(() -> kafka.createTopic("twice-a", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists with 4 partitions");
  }

  @Test
  void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
    kafka.createTopic("tx", 1);
    Properties props = kafka.producerProperties();
    props.put("transactional.id", "tx-test");
    props.put("transaction.timeout.ms", "60000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      sendInTransaction(producer, values("committed-a", 3), true);
      sendInTransaction(producer, values("aborted", 4), false);
      sendInTransaction(producer, values("committed-b", 2), true);
    }
    List<String> committed = new ArrayList<>(values("committed-a", 3));
    committed.addAll(values("committed-b", 2));

    Properties readCommitted = kafka.consumerProperties("tx-committed");
    readCommitted.put("isolation.level", "read_committed");
    Properties readUncommitted = kafka.consumerProperties("tx-uncommitted");
    readUncommitted.put("isolation.level", "read_uncommitted");

    // The committed-b records lie after the aborted ones: having read them, nothing is pending.
    assertThat(consume(readCommitted, "tx", committed.size())).containsExactlyElementsOf(committed);
    assertThat(consume(readUncommitted, "tx", 9)).hasSize(9).containsAll(values("aborted", 4));
  }

  @Test
  void transactionTimeoutsAboveTheBrokersMaximumAreRefused() {
    Properties props = kafka.producerProperties();
    props.put("transactional.id", "tx-too-long");
    props.put("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(3).toMillis()));
    props.put("max.block.ms", "20000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      // Kafka 4.2's producer reports INVALID_TRANSACTION_TIMEOUT as a plain KafkaException.
      assertThatThrownBy(producer::initTransactions)
          .isInstanceOf(KafkaException.class)
          .hasMessageContaining("transaction.max.timeout.ms");
    }
  }

  private static void sendInTransaction(
      KafkaProducer<byte[], byte[]> producer, List<String> values, boolean commit) {
    producer.beginTransaction();
    for (String v : values) {
      producer.send(new ProducerRecord<>("tx", v.getBytes(UTF_8)));
    }
    producer.flush();
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }
}
