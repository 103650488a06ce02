package io.statecast.testing.kafka;

import static io.statecast.testing.kafka.KafkaTestSupport.consume;
import static io.statecast.testing.kafka.KafkaTestSupport.produce;
import static io.statecast.testing.kafka.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A broker whose listeners require SASL/PLAIN. */
class EmbeddedKafkaSaslIT {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafkaConfig.builder()
                .optSaslPlain(Map.of("alice", "alice-secret", "bob", "bob-secret"))
                .build());
    kafka.createTopic("secured", 1);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void rightPasswordProducesAndConsumes() throws Exception {
    Properties producer = kafka.clientProperties("alice", "alice-secret");
    producer.putAll(serializers());
    Properties consumer = kafka.consumerProperties("bob-group");
    consumer.putAll(kafka.clientProperties("bob", "bob-secret"));

    produce(producer, "secured", values("secret", 5));

    assertThat(consume(consumer, "secured", 5)).containsExactlyElementsOf(values("secret", 5));
  }

  @Test
  void wrongPasswordFailsWithAnAuthenticationError() {
    Properties wrong = kafka.clientProperties("alice", "not-her-password");
    wrong.put("default.api.timeout.ms", "10000");
    wrong.put("request.timeout.ms", "5000");
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void controllerListenerRequiresAuthenticationToo() {
    Properties wrong = kafka.clientProperties("bob", "wrong");
    wrong.remove("bootstrap.servers");
    wrong.put("bootstrap.controllers", "127.0.0.1:" + kafka.controllerPort());
    wrong.put("default.api.timeout.ms", "10000");
    wrong.put("request.timeout.ms", "5000");
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static Map<String, String> serializers() {
    String s = "org.apache.kafka.common.serialization.ByteArraySerializer";
    return Map.of("key.serializer", s, "value.serializer", s);
  }
}
