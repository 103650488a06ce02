package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.testing.kafka.TopicReader;
import io.statecast.testing.registry.TestSchemaRegistry;
import io.statecast.testing.registry.TestSchemaRegistryExtension;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job reads and writes each value format on a real broker: valid observations — half of them
 * written with an evolved writer schema (a field added with a default, a field removed) — become
 * forecasts equal to stepping their keys offline, and every bad input of the format is counted
 * exactly. With a schema registry that is down for 30 s, the job waits: no dead letter, nothing
 * lost, every forecast once it is back. The registry is {@link TestSchemaRegistry}, a
 * Confluent-compatible registry in the test's process.
 */
class ValueFormatsIT {

  private static final int KEYS = 8;
  private static final int DAYS = 12;
  private static final String OBSERVATIONS = "observations";

  /**
   * Observation as another producer release writes it: a field {@code site} added (with a default),
   * the field {@code named} removed (the job's schema has a default for it).
   */
  private static final Schema EVOLVED =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Observation", "namespace": "io.statecast.avro",
               "fields": [
                 {"name": "key", "type": ["null", "string"], "default": null},
                 {"name": "eventTime", "type": "long"},
                 {"name": "features", "type": {"type": "array", "items": "float"}, "default": []},
                 {"name": "target", "type": ["null", "float"], "default": null},
                 {"name": "site", "type": "string", "default": ""}
               ]}
              """);

  @RegisterExtension
  final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.create().withJobTopics();

  @RegisterExtension
  static final TestSchemaRegistryExtension registries = TestSchemaRegistryExtension.create();

  @TempDir static Path tmp;
  private static ModelArtifact model;
  private static Path writerSchemas;

  @BeforeAll
  static void files() throws Exception {
    model = TestModels.write(tmp.resolve("model"));
    writerSchemas = Files.createDirectories(tmp.resolve("writer-schemas"));
    Files.writeString(writerSchemas.resolve("Observation.avsc"), EVOLVED.toString(true));
  }

  @ParameterizedTest
  @EnumSource(ValueFormat.class)
  void validRecordsBecomeForecastsAndEveryBadOneIsCounted(ValueFormat format) throws Exception {
    FormatSettings settings = settings(format, registries.registry());
    Feed feed = new Feed(format, registries.registry());
    Map<ErrorKind, Integer> expectedDead = feed.badInputs();
    feed.send();

    run(settings, null);

    assertForecasts(feed, read("forecasts", settings, Forecast.class));
    Map<ErrorKind, Integer> dead = new EnumMap<>(ErrorKind.class);
    read("dead-letters", settings, DeadLetter.class)
        .forEach(d -> dead.merge(d.getKind(), 1, Integer::sum));
    assertThat(dead).as(format + " dead letters").isEqualTo(expectedDead);
  }

  @Test
  void aRegistryDownForThirtySecondsMakesTheJobWaitNotDropOrDeadLetter() throws Exception {
    try (TestSchemaRegistry registry = TestSchemaRegistry.start()) { // its ids are new to the job
      FormatSettings settings = settings(ValueFormat.AVRO_REGISTRY, registry);
      Feed feed = new Feed(ValueFormat.AVRO_REGISTRY, registry);
      feed.send();
      registry.goDown();

      run(
          settings,
          () -> {
            Thread.sleep(30_000);
            assertThat(readNow("forecasts")).as("forecasts while the registry is down").isEmpty();
            assertThat(readNow("dead-letters")).as("dead letters while it is down").isEmpty();
            registry.comeBack();
          });

      assertForecasts(feed, read("forecasts", settings, Forecast.class));
      assertThat(read("dead-letters", settings, DeadLetter.class)).isEmpty();
    }
  }

  /** What happens while the job runs. */
  private interface During {
    void run() throws Exception;
  }

  private void run(FormatSettings format, During during) throws Exception {
    JobClient job =
        TestJobs.start(
            TestJobs.settings(model, 1).build(),
            TestJobs.bounded(kafka.broker()).setValueFormat(format).build(),
            "value-formats-it");
    if (during != null) {
      during.run();
    }
    TestJobs.awaitEnd(job);
  }

  private static void assertForecasts(Feed feed, List<Forecast> forecasts) throws Exception {
    TestModels.Offline oracle = TestModels.Offline.float32(model);
    Map<String, float[]> expected = new HashMap<>();
    for (Observation o : feed.valid) {
      expected.put(o.getKey() + "@" + o.getEventTime(), oracle.step(o));
    }
    assertThat(forecasts).hasSize(feed.valid.size());
    for (Forecast f : forecasts) {
      float[] want = expected.remove(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("one forecast of each valid observation").isNotNull();
      for (int j = 0; j < want.length; j++) {
        assertThat((double) f.getValues().get(j))
            .as(f.getKey() + "@" + f.getEventTime())
            .isCloseTo(want[j], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  private static FormatSettings settings(ValueFormat format, TestSchemaRegistry registry) {
    return switch (format) {
      case AVRO -> new FormatSettings(ValueFormat.AVRO, writerSchemas.toString(), null);
      case AVRO_REGISTRY ->
          new FormatSettings(ValueFormat.AVRO_REGISTRY, null, registry.settings());
      case JSON -> FormatSettings.JSON;
    };
  }

  private <T extends org.apache.avro.specific.SpecificRecord> List<T> read(
      String topic, FormatSettings format, Class<T> type) throws Exception {
    ValueCodec<T> codec = format.codec(type, topic);
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readAll(topic, Duration.ofSeconds(20))) {
      Decoded<T> d = codec.decode(r.value());
      assertThat(d.isOk()).as("%s record decodes: %s", topic, d).isTrue();
      out.add(d.value());
    }
    return out;
  }

  private List<ConsumerRecord<byte[], byte[]>> readNow(String topic) {
    return readAll(topic, Duration.ofSeconds(2));
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration wait) {
    Properties props = kafka.broker().clientProperties();
    return TopicReader.readAll(props, topic, true, wait);
  }

  /** The records to send in one format: valid ones (half in the evolved schema) and bad ones. */
  private final class Feed {
    final List<Observation> valid = new ArrayList<>();
    private final ValueFormat format;
    private final TestSchemaRegistry registry;
    private final List<byte[][]> records = new ArrayList<>();

    Feed(ValueFormat format, TestSchemaRegistry registry) throws Exception {
      this.format = format;
      this.registry = registry;
      ValueCodec<Observation> codec =
          settings(format, registry).codec(Observation.class, OBSERVATIONS);
      for (int d = 0; d < DAYS; d++) {
        for (int k = 0; k < KEYS; k++) {
          Observation o =
              TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(d * 0.7 + k)));
          valid.add(o);
          records.add(new byte[][] {bytes(o.getKey()), k % 2 == 0 ? codec.encode(o) : evolved(o)});
        }
      }
    }

    private ValueCodec<Observation> codec() throws Exception {
      return settings(format, registry).codec(Observation.class, OBSERVATIONS);
    }

    /**
     * Adds the format's bad inputs, each with the dead letter it must become: what cannot be
     * decoded in the format, and every observation the validation refuses, in the format.
     */
    Map<ErrorKind, Integer> badInputs() throws Exception {
      Map<ErrorKind, Integer> want = new EnumMap<>(ErrorKind.class);
      List<BadInputs.Bad> bad = new ArrayList<>();
      long t = TestModels.START;
      switch (format) {
        case AVRO -> bad.addAll(BadInputs.beforeTheOperator());
        case JSON -> {
          bad.add(json("{\"key\": \"a\", \"eventTime\": ", ErrorKind.UNDECODABLE)); // malformed
          bad.add(json("[1, 2]", ErrorKind.UNDECODABLE));
          bad.add(json("{\"key\": \"a\", \"eventTime\": true}", ErrorKind.UNDECODABLE));
          bad.add(
              json(
                  "{\"key\": \"a\", \"eventTime\": " + t + ", \"target\": \"x\"}",
                  ErrorKind.UNDECODABLE));
          bad.add(json("{\"key\": \"a\", \"target\": 1.5}", ErrorKind.UNDECODABLE));
          bad.addAll(BadInputs.invalidObservations(codec()));
        }
        case AVRO_REGISTRY -> {
          bad.add(raw(new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 2}, ErrorKind.UNKNOWN_SCHEMA));
          bad.add(raw(new byte[] {1, 2, 3, 4, 5, 6}, ErrorKind.UNDECODABLE));
          bad.add(raw(new byte[] {0, 0}, ErrorKind.UNDECODABLE));
          bad.addAll(BadInputs.invalidObservations(codec()));
        }
      }
      for (BadInputs.Bad b : bad) {
        records.add(records.size() / 2, new byte[][] {b.key(), b.value()});
        want.merge(b.expected(), 1, Integer::sum);
      }
      return want;
    }

    void send() {
      try (KafkaProducer<byte[], byte[]> p =
          new KafkaProducer<>(kafka.broker().producerProperties())) {
        for (byte[][] r : records) {
          p.send(new ProducerRecord<>(OBSERVATIONS, r[0], r[1]));
        }
        p.flush();
      }
    }

    /** {@code o} as the evolved producer writes it, in this format. */
    private byte[] evolved(Observation o) throws Exception {
      GenericRecord r = new GenericData.Record(EVOLVED);
      r.put("key", o.getKey());
      r.put("eventTime", o.getEventTime());
      r.put("features", List.of());
      r.put("target", o.getTarget());
      r.put("site", "north");
      return switch (format) {
        case AVRO -> {
          ByteBuffer b =
              new BinaryMessageEncoder<GenericRecord>(GenericData.get(), EVOLVED).encode(r);
          byte[] out = new byte[b.remaining()];
          b.get(out);
          yield out;
        }
        case AVRO_REGISTRY -> {
          int id = registry.register(OBSERVATIONS + "-value", EVOLVED);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(0);
          out.write(ByteBuffer.allocate(4).putInt(id).array());
          BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
          new GenericDatumWriter<GenericRecord>(EVOLVED).write(r, e);
          e.flush();
          yield out.toByteArray();
        }
        case JSON ->
            ("{\"key\": \""
                    + o.getKey()
                    + "\", \"eventTime\": \""
                    + java.time.Instant.ofEpochMilli(o.getEventTime())
                    + "\", \"target\": "
                    + o.getTarget()
                    + ", \"site\": \"north\"}")
                .getBytes(StandardCharsets.UTF_8);
      };
    }
  }

  private static BadInputs.Bad json(String text, ErrorKind kind) {
    return raw(text.getBytes(StandardCharsets.UTF_8), kind);
  }

  private static BadInputs.Bad raw(byte[] value, ErrorKind kind) {
    return new BadInputs.Bad(kind.name(), bytes("bad"), value, kind);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
