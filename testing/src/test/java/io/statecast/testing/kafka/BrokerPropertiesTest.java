package io.statecast.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {
  private static final Path LOGS = Path.of("/tmp/logs");

  @Test
  void isACombinedKraftNodeListeningOnLoopbackOnly() {
    Properties p = properties(EmbeddedKafkaConfig.defaults()).server();

    assertThat(p)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:9001")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9000,CONTROLLER://127.0.0.1:9001")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9000")
        .containsEntry("log.dirs", LOGS.toString());
  }

  @Test
  void internalTopicsFitOneNodeAndTopicsAreCreatedExplicitly() {
    Properties p =
        properties(
                EmbeddedKafkaConfig.builder()
                    .setDefaultPartitions(3)
                    .setTransactionMaxTimeout(Duration.ofHours(1))
                    .build())
            .server();

    assertThat(p)
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("num.partitions", "3")
        .containsEntry("transaction.max.timeout.ms", "3600000");
  }

  @Test
  void extraPropertiesOverrideDefaults() {
    Properties p =
        properties(
                EmbeddedKafkaConfig.builder().optBrokerProperty("min.insync.replicas", "2").build())
            .server();

    assertThat(p).containsEntry("min.insync.replicas", "2");
  }

  @Test
  void saslSecuresEveryListenerAndKnowsAllUsers() {
    BrokerProperties b =
        properties(EmbeddedKafkaConfig.builder().optSaslPlain(Map.of("alice", "pw1")).build());
    Properties p = b.server();

    assertThat(p)
        .containsEntry("listeners", "SASL_PLAINTEXT://127.0.0.1:9000,CONTROLLER://127.0.0.1:9001")
        .containsEntry(
            "listener.security.protocol.map",
            "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism.controller.protocol", "PLAIN");
    assertThat(p.getProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config"))
        .contains("user_alice=\"pw1\"")
        .contains("username=\"statecast-broker\" password=\"internal\"")
        .endsWith(";");
    assertThat(b.client())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("bootstrap.servers", "127.0.0.1:9000");
    assertThat(b.client("alice", "pw1").getProperty("sasl.jaas.config"))
        .contains("username=\"alice\" password=\"pw1\"");
  }

  @Test
  void plaintextClientsNeedOnlyTheBootstrapServers() {
    assertThat(properties(EmbeddedKafkaConfig.defaults()).client())
        .containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:9000"));
  }

  private static BrokerProperties properties(EmbeddedKafkaConfig config) {
    return new BrokerProperties(config, LOGS, 9000, 9001, "internal");
  }
}
