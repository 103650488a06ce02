package io.statecast.testing.registry;

import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_STRING_EVENT_TIME;
import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V0;
import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V2;
import static io.statecast.testing.registry.RegistryTestSupport.concat;
import static io.statecast.testing.registry.RegistryTestSupport.framed;
import static io.statecast.testing.registry.RegistryTestSupport.header;
import static io.statecast.testing.registry.RegistryTestSupport.observation;
import static io.statecast.testing.registry.RegistryTestSupport.record;
import static io.statecast.testing.registry.RegistryTestSupport.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.registry.RegistryClient;
import io.statecast.wire.registry.RegistryCodec;
import io.statecast.wire.registry.RegistrySettings;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistryCodec} against a {@link TestSchemaRegistry}. */
class RegistryCodecTest {

  @RegisterExtension
  static final TestSchemaRegistryExtension REGISTRY = TestSchemaRegistryExtension.create();

  private TestSchemaRegistry registry;
  private RegistryCodec<Observation> codec;

  @BeforeEach
  void freshCodec() {
    registry = REGISTRY.registry();
    // a client of its own, so that no schema is cached from an earlier test
    codec =
        RegistryCodec.forSpecific(
            Observation.class, "observations", new RegistryClient(registry.settings()));
  }

  @Test
  void roundTripRegistersOnceUnderTheTopicSubject() throws Exception {
    Observation first = observation("sensor-1", 1_000L);
    byte[] value = codec.encode(first);
    codec.encode(observation("sensor-2", 2_000L));
    codec.encode(observation("sensor-3", 3_000L));

    int id = RegistryCodec.idIn(value);
    assertThat(registry.ids("observations-value")).contains(id);
    assertThat(RegistryTestSupport.parse(registry.schema(id).orElseThrow()))
        .isEqualTo(Observation.getClassSchema());
    assertThat(codec.subject()).isEqualTo("observations-value");
    assertThat(codec.format()).isEqualTo(ValueFormat.AVRO_REGISTRY);
    assertThat(registry.registrations()).as("registrations for three records").isEqualTo(1);
    assertThat(Arrays.copyOf(value, 5)).isEqualTo(header(id));
    assertThat(Arrays.copyOfRange(value, 5, value.length)).isEqualTo(avroBinary(first));
    assertThat(assertOk(codec.decode(value))).isEqualTo(first);
    assertThat(registry.schemaLookups()).as("lookups of the codec's own id").isZero();
  }

  @Test
  void readerOfAnotherProcessFetchesTheWriterSchemaOnceById() throws Exception {
    byte[] value = codec.encode(observation("sensor-1", 1_000L));
    RegistryCodec<Observation> reader =
        RegistryCodec.forSpecific(
            Observation.class, "observations", new RegistryClient(registry.settings()));

    for (int i = 0; i < 3; i++) {
      assertThat(assertOk(reader.decode(value))).isEqualTo(observation("sensor-1", 1_000L));
    }
    assertThat(registry.schemaLookups()).isEqualTo(1);
  }

  @Test
  void codecsOfOneSettingsShareTheSchemasTheyFetched() throws Exception {
    RegistrySettings settings = registry.settings();
    int id = registry.register("observations-value", OBSERVATION_V2);
    byte[] value = framed(id, record(OBSERVATION_V2, Map.of("eventTime", 5L)));
    FormatSettings format = new FormatSettings(ValueFormat.AVRO_REGISTRY, null, settings);

    ValueCodec<Observation> one = format.codec(Observation.class, "observations");
    ValueCodec<Observation> other = format.codec(Observation.class, "observations");
    assertThat(one).isInstanceOf(RegistryCodec.class);
    assertOk(one.decode(value));
    assertOk(other.decode(value));

    assertThat(registry.schemaLookups()).isEqualTo(1);
  }

  @Test
  void writerThatAddedAFieldWithADefaultIsReadWithoutARebuild() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V2);
    byte[] value =
        framed(
            id,
            record(
                OBSERVATION_V2,
                Map.of(
                    "key",
                    "sensor-9",
                    "eventTime",
                    42L,
                    "features",
                    List.of(1f, 2f),
                    "named",
                    Map.of("humidity", 0.5f),
                    "target",
                    7f,
                    "quality",
                    0.9f)));

    Observation read = assertOk(codec.decode(value));

    assertThat(read.getKey()).isEqualTo("sensor-9");
    assertThat(read.getEventTime()).isEqualTo(42L);
    assertThat(read.getFeatures()).containsExactly(1f, 2f);
    assertThat(read.getNamed()).containsEntry("humidity", 0.5f);
    assertThat(read.getTarget()).isEqualTo(7f);
  }

  @Test
  void writerWithoutFieldsTheReaderHasDefaultsForIsRead() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    byte[] value =
        framed(
            id,
            record(
                OBSERVATION_V0,
                Map.of("key", "old-sensor", "eventTime", 7L, "features", List.of(3f))));

    Observation read = assertOk(codec.decode(value));

    assertThat(read.getKey()).isEqualTo("old-sensor");
    assertThat(read.getFeatures()).containsExactly(3f);
    assertThat(read.getNamed()).isEmpty();
    assertThat(read.getTarget()).isNull();
  }

  @Test
  void unknownIdIsUnknownSchemaAndAskedAgainNextTime() throws Exception {
    byte[] value = concat(header(9_999), new byte[] {0, 2});

    assertFailed(
        codec.decode(value),
        ErrorKind.UNKNOWN_SCHEMA,
        "schema id 9999 is not in the registry at " + registry.url());
    assertFailed(codec.decode(value), ErrorKind.UNKNOWN_SCHEMA, "9999");
    assertThat(registry.schemaLookups()).isEqualTo(2);
  }

  @Test
  void writerTheReaderCannotResolveIsIncompatibleNamingTheField() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_STRING_EVENT_TIME);
    byte[] value =
        framed(id, record(OBSERVATION_STRING_EVENT_TIME, Map.of("eventTime", "2026-01-01T00:00Z")));

    assertFailed(
        codec.decode(value),
        ErrorKind.INCOMPATIBLE_SCHEMA,
        "schema id " + id,
        "at field eventTime",
        "TYPE_MISMATCH");
  }

  @Test
  void writerSchemaOfAnotherRecordIsRefusedWithBothNames() throws Exception {
    int id = registry.register("forecasts-value", Forecast.getClassSchema());

    assertFailed(
        codec.decode(concat(header(id), new byte[8])),
        ErrorKind.INCOMPATIBLE_SCHEMA,
        "schema id " + id,
        "io.statecast.avro.Forecast",
        "not io.statecast.avro.Observation");
  }

  @Test
  void schemaThatIsNotAvroIsIncompatible() throws Exception {
    int id = registry.registerRaw("observations-value", "PROTOBUF", "syntax = \"proto3\";");

    assertFailed(
        codec.decode(concat(header(id), new byte[8])),
        ErrorKind.INCOMPATIBLE_SCHEMA,
        "schema id " + id,
        "PROTOBUF schema, not Avro");
  }

  @Test
  void valuesNotInRegistryFramingAreUndecodable() throws Exception {
    byte[] singleObject = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    Map<byte[], String> cases =
        Map.of(
            new byte[0],
            "empty message",
            new byte[] {0, 0, 0, 1},
            "4 bytes, shorter than the header",
            new byte[] {1, 0, 0, 0, 1, 2},
            "starts with 0x01, not with the magic byte 0",
            singleObject,
            "the avro format");
    for (Map.Entry<byte[], String> c : cases.entrySet()) {
      assertFailed(
          codec.decode(c.getKey()),
          ErrorKind.UNDECODABLE,
          "not schema-registry framing (magic byte 0, 4-byte schema id): ",
          c.getValue());
    }
    assertFailed(codec.decode(null), ErrorKind.UNDECODABLE, "null instead of bytes");
    assertThat(registry.requests()).as("requests for values that are not framed").isZero();
  }

  @Test
  void truncatedBodyAndTrailingBytesAreCorrupt() throws Exception {
    byte[] value = codec.encode(observation("sensor-1", 1_000L));

    assertFailed(
        codec.decode(Arrays.copyOf(value, value.length - 1)),
        ErrorKind.UNDECODABLE,
        "truncated or corrupt Observation body (schema id",
        "EOFException");
    assertFailed(
        codec.decode(Arrays.copyOf(value, value.length + 1)),
        ErrorKind.UNDECODABLE,
        "corrupt Observation body (schema id",
        "1 trailing byte after a whole record");
  }

  @Test
  void bodyDeclaringATwoGibibyteStringFailsWithoutTheAllocation() throws Exception {
    byte[] good = codec.encode(observation("sensor-1", 1_000L));
    assertOk(codec.decode(good)); // the id's schema is fetched and the datum reader made
    // key: union branch 1 (string), declared 0x7FFF_FFF0 bytes long; then a few bytes
    byte[] huge = concat(Arrays.copyOf(good, 5), varint(1), varint(0x7FFF_FFF0L), new byte[8]);

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Decoded<Observation> decoded = codec.decode(huge);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertFailed(decoded, ErrorKind.UNDECODABLE, "truncated or corrupt", "EOFException");
    assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
  }

  @Test
  void registryDownIsThrownNotADeadLetterAndDecodesOnceItIsBack() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    byte[] value = framed(id, record(OBSERVATION_V0, Map.of("eventTime", 1L)));
    registry.goDown();

    assertThatThrownBy(() -> codec.decode(value))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema registry at " + registry.url())
        .hasMessageContaining("GET /schemas/ids/" + id);
    assertThatThrownBy(() -> codec.encode(observation("k", 1L)))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("POST /subjects/observations-value/versions");

    registry.comeBack();
    assertThat(assertOk(codec.decode(value)).getEventTime()).isEqualTo(1L);
    assertThat(codec.encode(observation("k", 1L))).startsWith(0);
  }

  @Test
  void schemasOnceFetchedStillDecodeWhileTheRegistryIsDown() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    byte[] value = framed(id, record(OBSERVATION_V0, Map.of("eventTime", 1L)));
    assertOk(codec.decode(value));

    registry.goDown();

    assertOk(codec.decode(value));
  }

  @Test
  void failingRegistryIsUnavailableWithItsStatus() throws Exception {
    byte[] value = concat(header(1), new byte[] {0, 2});
    for (int status : new int[] {500, 502, 503, 401, 403, 429, 404, 400}) {
      registry.failWith(status);
      assertThatThrownBy(() -> codec.decode(value))
          .as("status %d", status)
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("schema registry at " + registry.url())
          .hasMessageContaining("answered " + status + " to GET /schemas/ids/1");
    }
  }

  @Test
  void threadsDecodingNewIdsAtOnceAllGetTheirRecords() throws Exception {
    List<byte[]> values = new ArrayList<>();
    for (var schema : List.of(OBSERVATION_V0, OBSERVATION_V2, Observation.getClassSchema())) {
      int id = registry.register("observations-value", schema);
      for (long t = 0; t < 10; t++) {
        values.add(framed(id, record(schema, Map.of("key", "k" + t, "eventTime", t))));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> decoded = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        decoded.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int round = 0; round < 20; round++) {
                    for (byte[] value : values) {
                      Observation read = assertOk(codec.decode(value));
                      ok += read.getKey().equals("k" + read.getEventTime()) ? 1 : 0;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : decoded) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(20 * values.size());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.schemaLookups()).as("lookups of 3 ids by 4 threads").isBetween(3, 12);
  }

  /** The Avro binary of {@code record} as Avro's own specific writer writes it. */
  private static byte[] avroBinary(Observation record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(Observation.class).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  static <T> T assertOk(Decoded<T> decoded) {
    if (decoded instanceof Decoded.Failed<T> failed) {
      fail("expected a record, got " + failed);
    }
    return decoded.value();
  }

  static void assertFailed(Decoded<?> decoded, ErrorKind kind, String... words) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    Decoded.Failed<?> failed = (Decoded.Failed<?>) decoded;
    assertThat(failed.kind()).as("kind of %s", failed).isEqualTo(kind);
    assertThat(failed.reason()).contains(words);
  }
}
