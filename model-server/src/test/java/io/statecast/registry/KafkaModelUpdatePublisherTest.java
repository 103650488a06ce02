package io.statecast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.registry.ModelUpdatePublisher.PublishException;
import io.statecast.wire.Decoded;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka publisher's record: topic, key and Avro single-object value; and its failure when no
 * broker answers. (The real broker is exercised by the streaming job's integration test.)
 */
class KafkaModelUpdatePublisherTest {

  private static final ModelUpdate UPDATE =
      ModelUpdate.newBuilder()
          .setModelId("demo")
          .setVersion(2)
          .setArtifactUri("file:/var/statecast/registry/demo/versions/2/")
          .setManifestSha256("ab".repeat(32))
          .setPolicy(StatePolicy.REWARM)
          .setPublishedAt(1_700_000_000_000L)
          .setNote("nightly")
          .build();

  @Test
  void publishesTheUpdateKeyedByModelAsSingleObjectAvro() throws Exception {
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (KafkaModelUpdatePublisher p =
        new KafkaModelUpdatePublisher(
            "127.0.0.1:9092", "model-updates", Duration.ofSeconds(5), mock)) {
      p.publish(UPDATE);
      assertThat(p.describe()).contains("model-updates").contains("127.0.0.1:9092");
    }
    assertThat(mock.history()).hasSize(1);
    ProducerRecord<byte[], byte[]> r = mock.history().get(0);
    assertThat(r.topic()).isEqualTo("model-updates");
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("demo");
    Decoded<ModelUpdate> decoded = WireCodec.modelUpdates().decode(r.value());
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok<ModelUpdate>) decoded).value()).isEqualTo(UPDATE);
  }

  @Test
  void aBrokerErrorIsAPublishException() {
    MockProducer<byte[], byte[]> mock =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    KafkaModelUpdatePublisher p =
        new KafkaModelUpdatePublisher("b:9092", "model-updates", Duration.ofSeconds(5), mock);
    Thread failer =
        new Thread(
            () -> {
              while (!mock.errorNext(
                  new org.apache.kafka.common.errors.NotEnoughReplicasException("2 of 3"))) {
                Thread.onSpinWait();
              }
            });
    failer.start();
    assertThatThrownBy(() -> p.publish(UPDATE))
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("NotEnoughReplicasException");
  }

  @Test
  void noBrokerFailsWithinTheTimeoutNamingTopicAndServers() {
    long start = System.nanoTime();
    try (KafkaModelUpdatePublisher p =
        new KafkaModelUpdatePublisher(
            "127.0.0.1:1", "model-updates", Map.of(), Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> p.publish(UPDATE))
          .isInstanceOf(PublishException.class)
          .hasMessageContaining("model-updates")
          .hasMessageContaining("127.0.0.1:1");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }
}
