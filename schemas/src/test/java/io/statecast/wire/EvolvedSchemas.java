package io.statecast.wire;

import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/** Versions of the wire schemas before and after the current one, as a test needs them. */
public final class EvolvedSchemas {

  private EvolvedSchemas() {}

  /**
   * The Forecast of the release before {@code intervals}: a copy of that release's {@code
   * Forecast.avsc}, kept in the test resources as {@code released/Forecast.avsc}.
   */
  public static final Schema FORECAST_RELEASED = resource("/released/Forecast.avsc");

  /** A forecast of a quantile head: two intervals over a horizon of two steps. */
  public static Forecast forecastWithIntervals() {
    return Forecast.newBuilder()
        .setKey("station-7")
        .setEventTime(1_700_000_000_000L)
        .setValues(List.of(10f, 11f))
        .setModelId("m")
        .setModelVersion(3)
        .setSteps(42L)
        .setTarget(9.5f)
        .setObservedAt(1_700_000_000_010L)
        .setEmittedAt(1_700_000_000_020L)
        .setIntervals(
            List.of(
                new ForecastInterval(0.8f, List.of(8f, 8.5f), List.of(12f, 13.5f)),
                new ForecastInterval(0.5f, List.of(9f, 9.75f), List.of(11f, 12.25f))))
        .build();
  }

  /** {@link #forecastWithIntervals} as the release before intervals wrote it. */
  public static GenericRecord releasedForecast() {
    Schema s = FORECAST_RELEASED;
    return new GenericRecordBuilder(s)
        .set("key", "station-7")
        .set("eventTime", 1_700_000_000_000L)
        .set("values", new GenericData.Array<>(s.getField("values").schema(), List.of(10f, 11f)))
        .set("modelId", "m")
        .set("modelVersion", 3)
        .set("steps", 42L)
        .set("target", 9.5f)
        .set("observedAt", 1_700_000_000_010L)
        .set("emittedAt", 1_700_000_000_020L)
        .build();
  }

  private static Schema resource(String name) {
    try (InputStream in = EvolvedSchemas.class.getResourceAsStream(name)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /** An Observation from before {@code named} and {@code target} were added. */
  public static final Schema OBSERVATION_V0 =
      parse(
          """
          {"type": "record", "name": "Observation", "namespace": "io.statecast.avro", "fields": [
            {"name": "key", "type": ["null", "string"], "default": null},
            {"name": "eventTime", "type": "long"},
            {"name": "features", "type": {"type": "array", "items": "float"}, "default": []}
          ]}
          """);

  /** A later Observation that adds an optional {@code quality} with a default. */
  public static final Schema OBSERVATION_V2 =
      parse(
          """
          {"type": "record", "name": "Observation", "namespace": "io.statecast.avro", "fields": [
            {"name": "key", "type": ["null", "string"], "default": null},
            {"name": "eventTime", "type": "long"},
            {"name": "features", "type": {"type": "array", "items": "float"}, "default": []},
            {"name": "named", "type": {"type": "map", "values": "float"}, "default": {}},
            {"name": "target", "type": ["null", "float"], "default": null},
            {"name": "quality", "type": ["null", "float"], "default": null}
          ]}
          """);

  /** A broken Observation whose {@code eventTime} is an ISO-8601 string, not epoch millis. */
  public static final Schema OBSERVATION_STRING_EVENT_TIME =
      parse(
          """
          {"type": "record", "name": "Observation", "namespace": "io.statecast.avro", "fields": [
            {"name": "key", "type": ["null", "string"], "default": null},
            {"name": "eventTime", "type": "string"},
            {"name": "features", "type": {"type": "array", "items": "float"}, "default": []},
            {"name": "named", "type": {"type": "map", "values": "float"}, "default": {}},
            {"name": "target", "type": ["null", "float"], "default": null}
          ]}
          """);

  /** A reader's Observation that requires a {@code unit} no earlier writer sends. */
  static final Schema OBSERVATION_REQUIRING_UNIT =
      parse(
          """
          {"type": "record", "name": "Observation", "namespace": "io.statecast.avro", "fields": [
            {"name": "key", "type": ["null", "string"], "default": null},
            {"name": "eventTime", "type": "long"},
            {"name": "features", "type": {"type": "array", "items": "float"}, "default": []},
            {"name": "named", "type": {"type": "map", "values": "float"}, "default": {}},
            {"name": "target", "type": ["null", "float"], "default": null},
            {"name": "unit", "type": "string"}
          ]}
          """);

  /** The ErrorKind of a later release, with a symbol today's readers do not know. */
  static final String ERROR_KIND_V2 =
      """
      {"type": "enum", "name": "ErrorKind", "namespace": "io.statecast.avro",
       "symbols": ["UNDECODABLE", "UNKNOWN_SCHEMA", "INCOMPATIBLE_SCHEMA", "MISSING_KEY",
                   "OVERSIZED_KEY", "NON_FINITE_VALUE", "WRONG_FEATURE_COUNT", "ABSURD_TIMESTAMP",
                   "LATE_EVENT", "DUPLICATE_EVENT", "RATE_LIMITED", "OTHER"],
       "default": "OTHER"}
      """;

  /** The ErrorKind of the release before {@code NON_FINITE_STATE}. */
  static final String ERROR_KIND_BEFORE_NON_FINITE_STATE =
      """
      {"type": "enum", "name": "ErrorKind", "namespace": "io.statecast.avro",
       "symbols": ["UNDECODABLE", "UNKNOWN_SCHEMA", "INCOMPATIBLE_SCHEMA", "MISSING_KEY",
                   "OVERSIZED_KEY", "NON_FINITE_VALUE", "WRONG_FEATURE_COUNT", "ABSURD_TIMESTAMP",
                   "LATE_EVENT", "DUPLICATE_EVENT", "OTHER", "INVALID_MODEL_UPDATE",
                   "EVENT_TIME_JUMP"],
       "default": "OTHER"}
      """;

  /** The DeadLetter of that release; it refers to {@code io.statecast.avro.ErrorKind} by name. */
  static final String DEAD_LETTER_REFERRING_TO_ERROR_KIND =
      """
      {"type": "record", "name": "DeadLetter", "namespace": "io.statecast.avro", "fields": [
        {"name": "payload", "type": ["null", "bytes"], "default": null},
        {"name": "recordKey", "type": ["null", "bytes"], "default": null},
        {"name": "topic", "type": "string"},
        {"name": "partition", "type": "int"},
        {"name": "offset", "type": "long"},
        {"name": "recordTimestamp", "type": "long"},
        {"name": "kind", "type": "io.statecast.avro.ErrorKind"},
        {"name": "message", "type": "string"},
        {"name": "failedAt", "type": "long"}
      ]}
      """;

  /** That DeadLetter, resolved against the ErrorKind with {@code RATE_LIMITED}. */
  static final Schema DEAD_LETTER_V2 = deadLetterV2();

  private static Schema deadLetterV2() {
    return deadLetterWith(ERROR_KIND_V2);
  }

  /** The DeadLetter resolved against the ErrorKind {@code errorKind} (JSON). */
  static Schema deadLetterWith(String errorKind) {
    SchemaParser parser = new SchemaParser();
    parser.parse(errorKind);
    parser.parse(DEAD_LETTER_REFERRING_TO_ERROR_KIND);
    return parser.getParsedNamedSchemas().stream()
        .filter(s -> s.getName().equals("DeadLetter"))
        .findFirst()
        .orElseThrow();
  }

  private static Schema parse(String json) {
    return new SchemaParser().parse(json).mainSchema();
  }
}
