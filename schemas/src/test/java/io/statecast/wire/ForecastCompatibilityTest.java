package io.statecast.wire;

import static io.statecast.wire.DecodedAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Forecast;
import io.statecast.wire.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The {@code Forecast} with optional {@code intervals} against the schema of the release before it
 * ({@code released/Forecast.avsc}, a copy of that release's file): both directions compatible by
 * Avro's rules, and records of either read by the other in the single-object Avro format and in
 * JSON. Schema-registry framing is tested against a registry in the testing module ({@code
 * ForecastRegistryCompatibilityTest}).
 */
class ForecastCompatibilityTest {

  private static final Schema released = EvolvedSchemas.FORECAST_RELEASED;

  private static Forecast withIntervals() {
    return EvolvedSchemas.forecastWithIntervals();
  }

  private static GenericRecord previousRelease() {
    return EvolvedSchemas.releasedForecast();
  }

  @Test
  void theReleasedSchemaLacksIntervalsAndIsOtherwiseTheSame() {
    assertThat(released.getField("intervals")).isNull();
    assertThat(released.getFields()).hasSize(Forecast.getClassSchema().getFields().size() - 1);
    assertThat(SingleObject.fingerprint(released))
        .isNotEqualTo(SingleObject.fingerprint(Forecast.getClassSchema()));
  }

  @Test
  void avroJudgesBothDirectionsCompatible() {
    Schema current = Forecast.getClassSchema();
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
        .as("old reader, new writer")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
        .as("new reader, old writer")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void previousReaderReadsNewSingleObjectRecordsWithoutTheIntervals() {
    byte[] fromNewJob = WireCodec.forecasts().encode(withIntervals());

    GenericRecord read =
        assertOk(
            WireCodec.forGeneric(released)
                .withWriterSchemas(List.of(Forecast.getClassSchema()))
                .decode(fromNewJob));

    assertThat(read).isEqualTo(previousRelease());
    assertThat(read.hasField("intervals")).isFalse();
  }

  @Test
  void newReaderReadsPreviousSingleObjectRecordsWithNullIntervals() {
    byte[] fromOldJob = WireCodec.forGeneric(released).encode(previousRelease());

    Forecast read =
        assertOk(WireCodec.forecasts().withWriterSchemas(List.of(released)).decode(fromOldJob));

    assertThat(read.getIntervals()).isNull();
    assertThat(read).isEqualTo(Forecast.newBuilder(withIntervals()).setIntervals(null).build());
  }

  @Test
  void jsonRoundTripsTheNestedIntervalsAndTheirAbsence() {
    JsonCodec<Forecast> json = JsonCodec.forecasts();
    Forecast point = Forecast.newBuilder(withIntervals()).setIntervals(null).build();

    String text = new String(json.encode(withIntervals()), StandardCharsets.UTF_8);

    assertThat(text)
        .contains(
            "\"intervals\":[{\"coverage\":0.8,\"lower\":[8.0,8.5],\"upper\":[12.0,13.5]},"
                + "{\"coverage\":0.5,\"lower\":[9.0,9.75],\"upper\":[11.0,12.25]}]");
    assertThat(assertOk(json.decode(json.encode(withIntervals())))).isEqualTo(withIntervals());
    assertThat(new String(json.encode(point), StandardCharsets.UTF_8))
        .endsWith("\"intervals\":null}");
    assertThat(assertOk(json.decode(json.encode(point)))).isEqualTo(point);
  }

  @Test
  void jsonOfThePreviousReleaseReadsWithNullIntervals() {
    // What the previous release wrote: the same members, none named intervals.
    String old =
        "{\"key\":\"station-7\",\"eventTime\":1700000000000,\"values\":[10.0,11.0],"
            + "\"modelId\":\"m\",\"modelVersion\":3,\"steps\":42,\"target\":9.5,"
            + "\"observedAt\":1700000000010,\"emittedAt\":1700000000020}";

    Forecast read = assertOk(JsonCodec.forecasts().decode(old.getBytes(StandardCharsets.UTF_8)));

    assertThat(read).isEqualTo(Forecast.newBuilder(withIntervals()).setIntervals(null).build());
  }

  @Test
  void jsonReadersSkipAMemberTheirSchemaLacksEvenANestedArrayOfRecords() {
    // A reader of the previous release meets "intervals" as a member its schema does not name; the
    // codec skips such members whatever they hold. Shown with a member today's schema lacks.
    String newer =
        new String(JsonCodec.forecasts().encode(withIntervals()), StandardCharsets.UTF_8)
            .replace("\"intervals\":", "\"intervalsOfALaterRelease\":");

    Forecast read = assertOk(JsonCodec.forecasts().decode(newer.getBytes(StandardCharsets.UTF_8)));

    assertThat(read).isEqualTo(Forecast.newBuilder(withIntervals()).setIntervals(null).build());
  }
}
