package io.statecast.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

  @Test
  void defaultsAreATemporaryDirectoryAFreePortAndPlaintext() {
    EmbeddedKafkaConfig c = EmbeddedKafkaConfig.defaults();

    assertThat(c.logDirectory()).isEmpty();
    assertThat(c.keepsLogDirectory()).isFalse();
    assertThat(c.port()).isZero();
    assertThat(c.defaultPartitions()).isOne();
    assertThat(c.transactionMaxTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.saslPlain()).isEmpty();
    assertThat(c.brokerProperties()).isEmpty();
  }

  @Test
  void anExplicitLogDirectoryIsAlwaysKept() {
    EmbeddedKafkaConfig c =
        EmbeddedKafkaConfig.builder().optLogDirectory(Path.of("/tmp/x")).build();

    assertThat(c.keepsLogDirectory()).isTrue();
    assertThat(EmbeddedKafkaConfig.builder().optKeepLogDirectory(true).build().keepsLogDirectory())
        .isTrue();
  }

  @Test
  void rejectsOutOfRangeValues() {
    assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().setPort(65536).build())
        .hasMessageContaining("port");
    assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().setDefaultPartitions(0).build())
        .hasMessageContaining("defaultPartitions");
    assertThatThrownBy(
            () -> EmbeddedKafkaConfig.builder().setTransactionMaxTimeout(Duration.ZERO).build())
        .hasMessageContaining("transactionMaxTimeout");
    assertThatThrownBy(
            () -> EmbeddedKafkaConfig.builder().setStartTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("startTimeout");
  }

  @Test
  void refusesBrokerPropertiesItManages() {
    assertThatThrownBy(
            () -> EmbeddedKafkaConfig.builder().optBrokerProperty("listeners", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listeners");
    assertThatThrownBy(
            () ->
                EmbeddedKafkaConfig.builder()
                    .optBrokerProperty("listener.name.controller.x", "y")
                    .build())
        .isInstanceOf(IllegalArgumentException.class);

    EmbeddedKafkaConfig c =
        EmbeddedKafkaConfig.builder().optBrokerProperty("log.retention.ms", "1000").build();
    assertThat(c.brokerProperties()).containsEntry("log.retention.ms", "1000");
  }

  @Test
  void validatesSaslUsers() {
    assertThatThrownBy(() -> new EmbeddedKafkaConfig.SaslPlain(Map.of()))
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> new EmbeddedKafkaConfig.SaslPlain(Map.of("a b", "pw")))
        .hasMessageContaining("user name");
    assertThatThrownBy(() -> new EmbeddedKafkaConfig.SaslPlain(Map.of("a", "p\"w")))
        .hasMessageContaining("password");
    assertThatThrownBy(
            () -> new EmbeddedKafkaConfig.SaslPlain(Map.of(BrokerProperties.INTERNAL_USER, "pw")))
        .hasMessageContaining("reserved");
  }
}
