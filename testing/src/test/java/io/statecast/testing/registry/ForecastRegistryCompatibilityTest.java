package io.statecast.testing.registry;

import static io.statecast.testing.registry.RegistryCodecTest.assertOk;
import static io.statecast.testing.registry.RegistryTestSupport.framed;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Forecast;
import io.statecast.wire.EvolvedSchemas;
import io.statecast.wire.registry.RegistryClient;
import io.statecast.wire.registry.RegistryCodec;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code Forecast} with optional {@code intervals} and the release before it, in
 * schema-registry framing: each side reads what the other wrote, with the writer's schema fetched
 * from the registry by the id in the frame (as Confluent's deserializers do).
 */
class ForecastRegistryCompatibilityTest {

  @RegisterExtension
  static final TestSchemaRegistryExtension REGISTRY = TestSchemaRegistryExtension.create();

  private static RegistryCodec<Forecast> codec(TestSchemaRegistry registry) {
    return RegistryCodec.forSpecific(
        Forecast.class, "forecasts", new RegistryClient(registry.settings()));
  }

  @Test
  void previousReaderReadsNewRecordsByTheRegisteredWriterSchema() throws Exception {
    TestSchemaRegistry registry = REGISTRY.registry();
    byte[] value = codec(registry).encode(EvolvedSchemas.forecastWithIntervals());

    // A reader of the previous release: Avro resolution from the registered writer schema.
    Schema writer =
        new Schema.Parser().parse(registry.schema(RegistryCodec.idIn(value)).orElseThrow());
    GenericRecord read =
        new GenericDatumReader<GenericRecord>(writer, EvolvedSchemas.FORECAST_RELEASED)
            .read(
                null,
                DecoderFactory.get()
                    .binaryDecoder(Arrays.copyOfRange(value, 5, value.length), null));

    assertThat(writer).isEqualTo(Forecast.getClassSchema());
    assertThat(read).isEqualTo(EvolvedSchemas.releasedForecast());
  }

  @Test
  void newReaderReadsRecordsOfThePreviousReleaseWithNullIntervals() throws Exception {
    TestSchemaRegistry registry = REGISTRY.registry();
    int id = registry.register("forecasts-value", EvolvedSchemas.FORECAST_RELEASED);
    byte[] value = framed(id, EvolvedSchemas.releasedForecast());

    Forecast read = assertOk(codec(registry).decode(value));

    assertThat(read)
        .isEqualTo(
            Forecast.newBuilder(EvolvedSchemas.forecastWithIntervals()).setIntervals(null).build());
  }
}
