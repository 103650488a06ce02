package io.statecast.sqlcli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped quick start, {@code docs/sql/quickstart.sql}, run as {@code statecast sql} runs it
 * against an in-process broker — only its broker address and model path replaced: JSON observations
 * become one forecast each on {@code sql-forecasts}, with the key's step count, and a record the
 * model refuses lands on {@code sql-refused} with the reason.
 */
class QuickstartSqlIT {

  private static final Path QUICKSTART = Path.of("..", "docs", "sql", "quickstart.sql");
  private static final long DAY = 86_400_000L;
  private static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
  private static final int KEYS = 3;
  private static final int DAYS = 5;

  @RegisterExtension
  final EmbeddedKafkaExtension kafka =
      EmbeddedKafkaExtension.create()
          .withTopic("observations", 2)
          .withTopic("sql-forecasts", 1)
          .withTopic("sql-refused", 1);

  @TempDir Path tmp;

  @Test
  void theQuickStartTurnsObservationsIntoForecastsAndRefusals() throws Exception {
    ModelArtifact model =
        ModelArtifact.write(tmp.resolve("model"), RandomWeights.of(spec(), 5), Map.of());
    String script = Files.readString(QUICKSTART);
    assertThat(script).contains("'127.0.0.1:29092'", "'models/demo'");
    script =
        script
            .replace("'127.0.0.1:29092'", "'" + kafka.broker().bootstrapServers() + "'")
            .replace("'models/demo'", "'" + model.directory() + "'");
    send();
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(LocalFlink.local(new Configuration(), 1));
    StringWriter printed = new StringWriter();
    List<JobClient> jobs = SqlScript.run(tables, script, new PrintWriter(printed, true));
    assertThat(jobs).hasSize(1);
    try {
      List<JsonNode> forecasts = await("sql-forecasts", KEYS * DAYS);
      List<JsonNode> refused = await("sql-refused", 1);
      for (JsonNode f : forecasts) {
        int day = (int) ((f.get("eventTime").asLong() - START) / DAY);
        assertThat(f.get("steps").asLong()).as(f.toString()).isEqualTo(day + 1);
        assertThat(f.get("modelId").asText()).isEqualTo("quickstart-test");
        assertThat(f.get("values")).hasSize(2);
        f.get("values").forEach(v -> assertThat(Double.isFinite(v.asDouble())).isTrue());
      }
      assertThat(forecasts.stream().map(f -> f.get("key").asText()).distinct()).hasSize(KEYS);
      assertThat(refused.get(0).get("kind").asText()).isEqualTo("WRONG_FEATURE_COUNT");
      assertThat(refused.get(0).get("key").asText()).isEqualTo("key-0");
      assertThat(printed.toString()).contains("[ok] CREATE FUNCTION", "[submitted] job");
    } finally {
      jobs.get(0).cancel().get(1, TimeUnit.MINUTES);
    }
  }

  /** Target and calendar features, one layer of 4, horizon 2. */
  private static ModelSpec spec() {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "quickstart-test",
        1,
        "for the quick start's test",
        new InputSpec(
            List.of(
                new FeatureSpec("value", FeatureKind.TARGET, 0, 10.0, 4.0),
                new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0, 1),
                new FeatureSpec("gap", FeatureKind.GAP_DAYS, 0, 1.0, 1.0))),
        new CellSpec(CellVariant.PEEPHOLE, 4, 0, GateSpec.STANDARD),
        new StackSpec(1, Connection.RESIDUAL),
        new HeadSpec(2, 1, 0));
  }

  /** {@link #DAYS} days of {@link #KEYS} keys in JSON, then one with a feature the model lacks. */
  private void send() throws Exception {
    ValueCodec<Observation> json = FormatSettings.JSON.codec(Observation.class, "observations");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(kafka.broker().producerProperties())) {
      for (int d = 0; d < DAYS; d++) {
        for (int k = 0; k < KEYS; k++) {
          send(p, json, observation("key-" + k, d, List.of()));
        }
      }
      send(p, json, observation("key-0", DAYS, List.of(1f)));
      p.flush();
    }
  }

  private static Observation observation(String key, int day, List<Float> features) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(START + day * DAY)
        .setTarget((float) (10 + Math.sin(day + key.hashCode())))
        .setFeatures(features)
        .build();
  }

  private static void send(
      KafkaProducer<byte[], byte[]> p, ValueCodec<Observation> json, Observation o)
      throws Exception {
    p.send(
        new ProducerRecord<>(
            "observations", o.getKey().getBytes(StandardCharsets.UTF_8), json.encode(o)));
  }

  private List<JsonNode> await(String topic, int n) {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    org.awaitility.Awaitility.await(n + " records on " + topic)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              out.clear();
              for (ConsumerRecord<byte[], byte[]> r :
                  TopicReader.readAll(
                      kafka.broker().clientProperties(), topic, true, Duration.ofSeconds(30))) {
                out.add(mapper.readTree(new String(r.value(), StandardCharsets.UTF_8)));
              }
              return out.size() >= n;
            });
    return out;
  }
}
