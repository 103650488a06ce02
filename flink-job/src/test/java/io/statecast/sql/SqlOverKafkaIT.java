package io.statecast.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.job.TestJobs;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForecastFunction} over Kafka tables (the Kafka SQL connector, JSON values) on a real
 * broker: on the same topic, the SQL query's forecasts equal the DataStream job's to 1e-6 per value
 * with the same step counts, and every record the job makes a dead letter or late event the query
 * refuses with the same kind; and a query stopped with a savepoint mid-stream and restored from it
 * goes on from each key's state, its forecasts equal to an uninterrupted run.
 */
class SqlOverKafkaIT {

  private static final int KEYS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final EmbeddedKafkaExtension kafka =
      EmbeddedKafkaExtension.create().withJobTopics().withTopic("sql-forecasts", 2);

  @TempDir static Path tmp;
  private static ModelArtifact model;

  @BeforeAll
  static void files() throws Exception {
    model = TestModels.write(tmp.resolve("model"));
  }

  @Test
  void forecastsEqualTheDataStreamJobsOnTheSameTopic() throws Exception {
    send(0, 15);
    send(List.of(bad("key-1", 3, "[1.0]"), TestModels.observation("key-2", 14, 11f)));
    send(List.of(TestModels.observation("key-4", 2, 12f))); // late: key-4 is at day 14
    runDataStreamJob();
    Map<String, Forecast> job = new HashMap<>();
    ValueCodec<Forecast> forecasts = FormatSettings.JSON.codec(Forecast.class, "forecasts");
    for (ConsumerRecord<byte[], byte[]> r : read("forecasts")) {
      Forecast f = forecasts.decode(r.value()).value();
      assertThat(job.put(f.getKey() + "@" + f.getEventTime(), f)).isNull();
    }
    List<String> jobRefused = new ArrayList<>();
    ValueCodec<DeadLetter> dead = FormatSettings.JSON.codec(DeadLetter.class, "dead-letters");
    for (String topic : List.of("dead-letters", "late-events")) {
      for (ConsumerRecord<byte[], byte[]> r : read(topic)) {
        jobRefused.add(dead.decode(r.value()).value().getKind().name());
      }
    }
    assertThat(job).hasSize(KEYS * 15);
    assertThat(jobRefused)
        .containsExactlyInAnyOrder("WRONG_FEATURE_COUNT", "DUPLICATE_EVENT", "LATE_EVENT");

    StreamTableEnvironment t = tables(new Configuration());
    t.executeSql(observationsTable("'scan.bounded.mode' = 'latest-offset',"));
    TableResult result =
        t.executeSql("SELECT `key`, eventTime, forecast, steps, error_kind FROM " + forecastCall());
    List<String> sqlRefused = new ArrayList<>();
    int compared = 0;
    try (CloseableIterator<Row> rows = result.collect()) {
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.getField(4) != null) {
          sqlRefused.add((String) r.getField(4));
          continue;
        }
        Forecast f = job.get(r.getField(0) + "@" + r.getField(1));
        assertThat(f).as("the job forecast " + r).isNotNull();
        assertThat(r.getField(3)).as("steps of " + r).isEqualTo(f.getSteps());
        Float[] values = (Float[]) r.getField(2);
        assertThat(values).hasSize(f.getValues().size());
        for (int j = 0; j < values.length; j++) {
          assertThat((double) values[j])
              .as("value %d of %s", j, r)
              .isCloseTo(f.getValues().get(j), within(1e-6));
        }
        compared++;
      }
    }
    assertThat(compared).isEqualTo(job.size());
    assertThat(sqlRefused).containsExactlyInAnyOrderElementsOf(jobRefused);
  }

  @Test
  void aQueryRestoredFromASavepointGoesOnFromEachKeysState() throws Exception {
    Path savepoints = tmp.resolve("savepoints");
    send(0, 8);
    JobClient first = insert(new Configuration());
    awaitForecasts(KEYS * 8);
    String savepoint =
        first
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    send(8, 15);
    Configuration restore = new Configuration();
    restore.setString("execution.state-recovery.path", savepoint);
    JobClient second = insert(restore);
    List<JsonNode> restored;
    try {
      restored = awaitForecasts(KEYS * 15);
    } finally {
      second.cancel().get(1, TimeUnit.MINUTES);
    }
    Map<String, Row> uninterrupted = new HashMap<>();
    StreamTableEnvironment t = tables(new Configuration());
    t.executeSql(observationsTable("'scan.bounded.mode' = 'latest-offset',"));
    try (CloseableIterator<Row> rows =
        t.executeSql("SELECT `key`, eventTime, forecast, steps FROM " + forecastCall()).collect()) {
      rows.forEachRemaining(r -> uninterrupted.put(r.getField(0) + "@" + r.getField(1), r));
    }
    assertThat(restored).hasSize(KEYS * 15);
    assertThat(uninterrupted).hasSize(KEYS * 15);
    for (JsonNode f : restored) {
      String id = f.get("key").asText() + "@" + f.get("eventTime").asLong();
      Row want = uninterrupted.remove(id);
      assertThat(want).as("one forecast of " + id).isNotNull();
      assertThat(f.get("steps").asLong()).as("steps of " + id).isEqualTo(want.getField(3));
      Float[] values = (Float[]) want.getField(2);
      for (int j = 0; j < values.length; j++) {
        // JSON holds the float's shortest decimal form: read back as a float, it is that float
        assertThat((double) Float.parseFloat(f.get("values").get(j).asText()))
            .as(id)
            .isCloseTo(values[j], within(1e-6));
      }
    }
    assertThat(uninterrupted).isEmpty();
  }

  /** Starts the query that writes forecasts to {@code sql-forecasts}. */
  private JobClient insert(Configuration config) throws Exception {
    config.setString("execution.checkpointing.interval", "1s");
    StreamTableEnvironment t = tables(config);
    t.executeSql(observationsTable(""));
    t.executeSql(
        "CREATE TABLE sql_forecasts (`key` STRING, eventTime BIGINT, `values` ARRAY<FLOAT>,"
            + " steps BIGINT) WITH ('connector' = 'kafka', 'topic' = 'sql-forecasts',"
            + " 'properties.bootstrap.servers' = '"
            + kafka.broker().bootstrapServers()
            + "', 'format' = 'json')");
    return t.executeSql(
            "INSERT INTO sql_forecasts SELECT `key`, eventTime, forecast, steps FROM "
                + forecastCall()
                + " WHERE error IS NULL")
        .getJobClient()
        .orElseThrow();
  }

  private List<JsonNode> awaitForecasts(int n) {
    List<JsonNode> out = new ArrayList<>();
    await("" + n + " SQL forecasts")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              out.clear();
              for (ConsumerRecord<byte[], byte[]> r : read("sql-forecasts")) {
                out.add(JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)));
              }
              return out.size() >= n;
            });
    return out;
  }

  private StreamTableEnvironment tables(Configuration config) throws Exception {
    StreamTableEnvironment t = StreamTableEnvironment.create(LocalFlink.local(config, 2));
    t.executeSql(
        "CREATE FUNCTION STATECAST_FORECAST AS '" + ForecastFunction.class.getName() + "'");
    return t;
  }

  private String observationsTable(String bounded) {
    return "CREATE TABLE observations (`key` STRING, eventTime BIGINT, features ARRAY<FLOAT>,"
        + " named MAP<STRING, FLOAT>, target FLOAT) WITH ('connector' = 'kafka',"
        + " 'topic' = 'observations', 'properties.bootstrap.servers' = '"
        + kafka.broker().bootstrapServers()
        + "', 'properties.group.id' = 'sql-it', 'scan.startup.mode' = 'earliest-offset', "
        + bounded
        + " 'format' = 'json')";
  }

  private static String forecastCall() {
    return "STATECAST_FORECAST(input => TABLE observations PARTITION BY `key`, model => '"
        + model.directory()
        + "')";
  }

  /** Runs the DataStream job over the topic as it is now, in JSON, to its end. */
  private void runDataStreamJob() throws Exception {
    TestJobs.runToEnd(
        TestJobs.settings(model, 2).build(),
        TestJobs.bounded(kafka.broker()).setValueFormat(FormatSettings.JSON).build(),
        "sql-parity-it");
  }

  private static List<Observation> days(int from, int to) {
    List<Observation> out = new ArrayList<>();
    for (int d = from; d < to; d++) {
      for (int k = 0; k < KEYS; k++) {
        out.add(TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(0.7 * d + k))));
      }
    }
    return out;
  }

  /** An observation of {@code key} with the positional features {@code features} (JSON). */
  private static Observation bad(String key, int day, String features) throws Exception {
    Observation o = TestModels.observation(key, day, 10f);
    List<Float> f = new ArrayList<>();
    for (JsonNode n : JSON.readTree(features)) {
      f.add((float) n.asDouble());
    }
    o.setFeatures(f);
    return o;
  }

  private void send(int fromDay, int toDay) throws Exception {
    send(days(fromDay, toDay));
  }

  private void send(List<Observation> observations) throws Exception {
    ValueCodec<Observation> codec = FormatSettings.JSON.codec(Observation.class, "observations");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(kafka.broker().producerProperties())) {
      for (Observation o : observations) {
        p.send(
            new ProducerRecord<>(
                "observations", o.getKey().getBytes(StandardCharsets.UTF_8), codec.encode(o)));
      }
      p.flush();
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    return TopicReader.readAll(
        kafka.broker().clientProperties(), topic, true, Duration.ofSeconds(30));
  }
}
