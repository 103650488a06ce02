package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.avro.Observation;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.WireCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's configuration wins at run time: on a MiniCluster whose configuration (what a
 * cluster's {@code config.yaml} gives {@code flink run}) names RocksDB and a max parallelism, the
 * job given no options of its own runs on RocksDB with that max parallelism, as Flink's REST API
 * reports for the running job, and forecasts.
 */
class ClusterConfigurationIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create().withJobTopics();

  @TempDir static Path tmp;

  @Test
  void aClusterConfiguredForRocksDbAndMaxParallelismRunsTheJobThatWay() throws Exception {
    String model = TestModels.write(tmp.resolve("model")).directory().toString();
    produce(20);
    Configuration cluster =
        Configuration.fromMap(
            Map.of(
                "state.backend.type", "rocksdb",
                "pipeline.max-parallelism", "256",
                "execution.checkpointing.interval", "500 ms",
                "execution.checkpointing.dir", tmp.resolve("chk").toUri().toString()));
    JobSettings settings =
        JobSettings.builder(ForecastOperatorConfig.builder(model).build()).build();
    Configuration effective = new Configuration(cluster); // as flink run merges them
    effective.addAll(JobRunner.flinkConfiguration(settings, cluster));
    int port = freePort();
    StreamExecutionEnvironment env = LocalFlink.withWebUi(effective, 1, port);
    JobRunner.wireKafka(
        env, KafkaSettings.builder(embedded.broker().bootstrapServers()).build(), settings);
    JobClient job = env.executeAsync("cluster-configuration-it");
    try {
      String base = "http://127.0.0.1:" + port + "/jobs/" + job.getJobID();
      JsonNode config =
          await("checkpoint configuration")
              .atMost(Duration.ofSeconds(60))
              .until(() -> getOrNull(base + "/checkpoints/config"), n -> n != null);
      assertThat(config.path("state_backend").asText()).contains("RocksDB");
      assertThat(config.path("interval").asLong()).isEqualTo(500);

      JsonNode details = getOrNull(base);
      // every keyed vertex has the cluster's max parallelism (a vertex that must run alone: 1)
      List<Integer> maxParallelism = new ArrayList<>();
      details.path("vertices").forEach(v -> maxParallelism.add(v.path("maxParallelism").asInt()));
      assertThat(maxParallelism).contains(256).allSatisfy(m -> assertThat(m).isIn(256, 1));
      // it runs: one forecast per observation, and a checkpoint of RocksDB state completes
      await("forecasts").atMost(Duration.ofSeconds(60)).until(() -> forecastCount() >= 20);
      await("a completed checkpoint")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> getOrNull(base + "/checkpoints"),
              n -> n != null && n.path("counts").path("completed").asInt() > 0);
    } finally {
      job.cancel().get();
    }
  }

  private static void produce(int days) throws Exception {
    WireCodec<Observation> codec = WireCodec.observations();
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(embedded.broker().producerProperties())) {
      for (int d = 0; d < days; d++) {
        Observation o = TestModels.observation("station-1", d, 10f + d % 3);
        p.send(
            new ProducerRecord<>(
                "observations", "station-1".getBytes(StandardCharsets.UTF_8), codec.encode(o)));
      }
      p.flush();
    }
  }

  private static int forecastCount() {
    return TopicReader.readAll(
            embedded.broker().clientProperties(), "forecasts", true, Duration.ofSeconds(2))
        .size();
  }

  private static JsonNode getOrNull(String url) {
    try {
      var r =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
