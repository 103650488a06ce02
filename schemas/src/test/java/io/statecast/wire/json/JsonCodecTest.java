package io.statecast.wire.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.wire.Decoded;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

  private static final long JAN_1_2024 = 1_704_067_200_000L;

  private final JsonCodec<Observation> observations = JsonCodec.observations();
  private final JsonCodec<Forecast> forecasts = JsonCodec.forecasts();
  private final JsonCodec<DeadLetter> deadLetters = JsonCodec.deadLetters();
  private final JsonCodec<ModelUpdate> modelUpdates = JsonCodec.modelUpdates();

  // ------------------------------------------------------------------------------ round trips

  private static Observation fullObservation() {
    Map<String, Float> named = new LinkedHashMap<>();
    named.put("temp", 21.5f);
    named.put("hot", Float.POSITIVE_INFINITY);
    named.put("odd key \"q\"", -0.0f);
    return Observation.newBuilder()
        .setKey("sensor-7")
        .setEventTime(JAN_1_2024 + 123)
        .setFeatures(
            List.of(
                1.5f,
                Float.NaN,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY,
                Float.MAX_VALUE,
                Float.MIN_VALUE,
                0.1f))
        .setNamed(named)
        .setTarget(Float.NaN)
        .build();
  }

  private static Observation emptyObservation() {
    return Observation.newBuilder()
        .setKey(null)
        .setEventTime(-1)
        .setFeatures(List.of())
        .setNamed(Map.of())
        .setTarget(null)
        .build();
  }

  private static Forecast forecast(Float target) {
    return Forecast.newBuilder()
        .setKey("sensor-7")
        .setEventTime(JAN_1_2024)
        .setValues(List.of(21.6f, 21.8f, Float.NaN))
        .setModelId("temp")
        .setModelVersion(3)
        .setSteps(Long.MAX_VALUE)
        .setTarget(target)
        .setObservedAt(JAN_1_2024 + 12)
        .setEmittedAt(JAN_1_2024 + 20)
        .build();
  }

  private static DeadLetter deadLetter(byte[] payload, byte[] key) {
    return DeadLetter.newBuilder()
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setRecordKey(key == null ? null : ByteBuffer.wrap(key))
        .setTopic("observations")
        .setPartition(Integer.MIN_VALUE)
        .setOffset(17)
        .setRecordTimestamp(JAN_1_2024)
        .setKind(ErrorKind.NON_FINITE_VALUE)
        .setMessage("line one\nline \"two\" \u00e9\u20ac\ud83d\ude00")
        .setFailedAt(JAN_1_2024 + 100)
        .build();
  }

  private static byte[] allByteValues() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  private static ModelUpdate modelUpdate(StatePolicy policy, String note) {
    return ModelUpdate.newBuilder()
        .setModelId("temp")
        .setVersion(4)
        .setArtifactUri("file:/models/temp/4")
        .setManifestSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setPolicy(policy)
        .setPublishedAt(JAN_1_2024)
        .setNote(note)
        .build();
  }

  private static <T extends SpecificRecord> T roundTrip(JsonCodec<T> codec, T record) {
    byte[] json = codec.encode(record);
    Decoded<T> decoded = codec.decode(json);
    T back = ok(decoded);
    assertThat(back).as(new String(json, UTF_8)).isEqualTo(record).isNotSameAs(record);
    return back;
  }

  private static <T> T ok(Decoded<T> decoded) {
    if (decoded instanceof Decoded.Failed<T> f) {
      fail("expected a record, got " + f);
    }
    return decoded.value();
  }

  @Test
  void observationsRoundTrip() {
    Observation back = roundTrip(observations, fullObservation());
    assertThat(back.getFeatures().get(1)).isNaN();
    assertThat(back.getTarget()).isNaN();
    assertThat(Float.floatToRawIntBits(back.getNamed().get("odd key \"q\"")))
        .isEqualTo(Float.floatToRawIntBits(-0.0f));
    roundTrip(observations, emptyObservation());
  }

  @Test
  void floatsRoundTripBitForBit() {
    Random random = new Random(7);
    List<Float> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      values.add(Float.isNaN(f) ? 0f : f);
    }
    Observation o = emptyObservation();
    o.setFeatures(values);
    Observation back = roundTrip(observations, o);
    for (int i = 0; i < values.size(); i++) {
      assertThat(Float.floatToIntBits(back.getFeatures().get(i)))
          .isEqualTo(Float.floatToIntBits(values.get(i)));
    }
  }

  @Test
  void forecastsRoundTrip() {
    roundTrip(forecasts, forecast(null));
    roundTrip(forecasts, forecast(21.5f));
    Forecast empty = forecast(Float.NEGATIVE_INFINITY);
    empty.setValues(List.of());
    empty.setKey("");
    roundTrip(forecasts, empty);
  }

  @Test
  void deadLettersRoundTrip() {
    DeadLetter back = roundTrip(deadLetters, deadLetter(allByteValues(), new byte[] {1, 2, 3}));
    assertThat(back.getPayload().remaining()).isEqualTo(256);
    roundTrip(deadLetters, deadLetter(null, null));
    roundTrip(deadLetters, deadLetter(new byte[0], new byte[0]));
  }

  @Test
  void encodingLeavesTheRecordsBuffersAlone() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
    payload.position(1);
    DeadLetter d = deadLetter(null, null);
    d.setPayload(payload);
    String json = new String(deadLetters.encode(d), UTF_8);
    assertThat(json).contains("\"payload\":\"CAcG\""); // 8, 7, 6
    assertThat(payload.position()).isEqualTo(1);
  }

  @Test
  void modelUpdatesRoundTrip() {
    for (StatePolicy policy : StatePolicy.values()) {
      roundTrip(modelUpdates, modelUpdate(policy, null));
      roundTrip(modelUpdates, modelUpdate(policy, "promoted by ci"));
    }
  }

  @Test
  void encodesCompactJsonWithTokensBase64AndSymbols() {
    Observation o = fullObservation();
    o.setNamed(Map.of("temp", 21.5f));
    assertThat(new String(observations.encode(o), UTF_8))
        .isEqualTo(
            "{\"key\":\"sensor-7\",\"eventTime\":1704067200123,"
                + "\"features\":[1.5,NaN,Infinity,-Infinity,3.4028235E38,1.4E-45,0.1],"
                + "\"named\":{\"temp\":21.5},\"target\":NaN}");
    assertThat(new String(observations.encode(emptyObservation()), UTF_8))
        .isEqualTo("{\"key\":null,\"eventTime\":-1,\"features\":[],\"named\":{},\"target\":null}");
    assertThat(new String(deadLetters.encode(deadLetter(new byte[] {-1, 0, 'a'}, null)), UTF_8))
        .startsWith("{\"payload\":\"/wBh\",\"recordKey\":null,\"topic\":\"observations\",")
        .contains("\"kind\":\"NON_FINITE_VALUE\"", "\"message\":\"line one\\nline \\\"two\\\" ");
    assertThat(new String(modelUpdates.encode(modelUpdate(StatePolicy.REWARM, null)), UTF_8))
        .contains("\"policy\":\"REWARM\",\"publishedAt\":1704067200000,\"note\":null}");
  }

  @Test
  void encodingARecordThatBreaksItsSchemaIsRefused() {
    Observation o = fullObservation();
    o.setFeatures(null);
    assertThatThrownBy(() -> observations.encode(o))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not a valid Observation: field 'features' is null, but the field is not nullable");
    Observation withNullItem = fullObservation();
    List<Float> features = new ArrayList<>();
    features.add(1f);
    features.add(null);
    withNullItem.setFeatures(features);
    assertThatThrownBy(() -> observations.encode(withNullItem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'features[1]' is null");
  }

  // ------------------------------------------------------------------------------ hand-written

  private Decoded<Observation> observation(String json) {
    return observations.decode(json.getBytes(UTF_8));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "1704067200000                 | 1704067200000",
        "\"2024-01-01T00:00:00Z\"      | 1704067200000",
        "\"2024-01-01T00:00:00.250Z\"  | 1704067200250",
        "\"2024-01-01T01:00:00+01:00\" | 1704067200000",
        "\"2023-12-31T19:00:00-05:00\" | 1704067200000",
        "\"2024-01-01\"                | 1704067200000",
        "\"1970-01-01\"                | 0",
        "-5                            | -5",
      })
  void handWrittenObservationsDecode(String eventTime, long millis) {
    Observation o =
        ok(
            observation(
                "{\"key\": \"s1\", \"eventTime\": "
                    + eventTime
                    + ", \"features\": [1, 2.5, -3e2], \"named\": {\"t\": 4},"
                    + " \"target\": 0.5}\n"));
    assertThat(o)
        .isEqualTo(
            Observation.newBuilder()
                .setKey("s1")
                .setEventTime(millis)
                .setFeatures(List.of(1f, 2.5f, -300f))
                .setNamed(Map.of("t", 4f))
                .setTarget(0.5f)
                .build());
  }

  @Test
  void absentFieldsTakeTheirDefaults() {
    Observation o = ok(observation("{\"eventTime\": 5}"));
    assertThat(o).isEqualTo(Observation.newBuilder().setEventTime(5).build());
    assertThat(o.getKey()).isNull();
    assertThat(o.getFeatures()).isEmpty();
    assertThat(o.getNamed()).isEmpty();
    // defaults are copies: changing one record's leaves the next one's alone
    o.getFeatures().add(1f);
    o.getNamed().put("x", 1f);
    Observation next = ok(observation("{\"eventTime\": 5}"));
    assertThat(next.getFeatures()).isEmpty();
    assertThat(next.getNamed()).isEmpty();
  }

  @Test
  void nullsForNullableFields() {
    Observation o = ok(observation("{\"key\": null, \"eventTime\": 5, \"target\": null}"));
    assertThat(o.getKey()).isNull();
    assertThat(o.getTarget()).isNull();
    ModelUpdate m =
        ok(
            modelUpdates.decode(
                ("{\"modelId\":\"m\",\"version\":1,\"artifactUri\":\"a\",\"manifestSha256\":\"s\","
                        + "\"policy\":\"KEEP\",\"publishedAt\":\"2024-01-01\"}")
                    .getBytes(UTF_8)));
    assertThat(m.getNote()).isNull();
    assertThat(m.getPolicy()).isEqualTo(StatePolicy.KEEP);
    assertThat(m.getPublishedAt()).isEqualTo(JAN_1_2024);
  }

  @Test
  void nonFiniteTokensAreReadForTheValidatorToJudge() {
    Observation o =
        ok(
            observation(
                "{\"eventTime\":1,\"features\":[NaN,Infinity,-Infinity],\"named\":{\"a\":-Infinity},"
                    + "\"target\":Infinity}"));
    assertThat(o.getFeatures().get(0)).isNaN();
    assertThat(o.getFeatures().get(1)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(o.getFeatures().get(2)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(o.getNamed().get("a")).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(o.getTarget()).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void unknownFieldsAreIgnored() {
    Observation o =
        ok(
            observation(
                "{\"unit\": \"celsius\", \"key\": \"s\", \"extra\": {\"a\": [1, {\"b\": null}],"
                    + " \"eventTime\": \"not this one\"}, \"eventTime\": 7, \"more\": [[[]]],"
                    + " \"flag\": true, \"n\": 1e999999, \"big\": 123456789012345678901234567890}"));
    assertThat(o).isEqualTo(Observation.newBuilder().setKey("s").setEventTime(7).build());
  }

  @Test
  void anUnknownEnumSymbolReadsAsTheDefaultWhereThereIsOne() {
    DeadLetter d = deadLetter(null, null);
    String json =
        new String(deadLetters.encode(d), UTF_8)
            .replace("\"NON_FINITE_VALUE\"", "\"SOME_NEW_KIND\"");
    assertThat(json).contains("SOME_NEW_KIND");
    assertThat(ok(deadLetters.decode(json.getBytes(UTF_8))).getKind()).isEqualTo(ErrorKind.OTHER);
  }

  @Test
  void formatSettingsMakeThisCodec() throws Exception {
    ValueCodec<Observation> codec = FormatSettings.JSON.codec(Observation.class, "observations");
    assertThat(codec).isInstanceOf(JsonCodec.class);
    assertThat(codec.format()).isEqualTo(ValueFormat.JSON);
    assertThat(codec.decode(observations.encode(fullObservation())).value())
        .isEqualTo(fullObservation());
  }

  // ------------------------------------------------------------------------------ failures

  private static String refused(Decoded<?> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    Decoded.Failed<?> failed = (Decoded.Failed<?>) decoded;
    assertThat(failed.kind()).as("kind of %s", failed).isEqualTo(ErrorKind.UNDECODABLE);
    assertThat(failed.reason()).isNotBlank();
    return failed.reason();
  }

  @Test
  void noValueIsRefused() {
    assertThat(refused(observations.decode(null))).isEqualTo("not JSON: no value (null)");
    assertThat(refused(observations.decode(new byte[0]))).isEqualTo("not JSON: the value is empty");
    assertThat(refused(observation(" \n\t "))).isEqualTo("not JSON: the value is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello",
        "{\"eventTime\": 1,}",
        "{eventTime: 1}",
        "{\"eventTime\": 01}",
        "{\"eventTime\": 1",
        "{\"key\": \"unterminated}",
        "{'eventTime': 1}",
      })
  void textThatIsNotJsonIsRefusedWithJacksonsMessageAndWhere(String text) {
    assertThat(refused(observation(text))).startsWith("not JSON: ").contains("(line 1, column ");
  }

  @Test
  void notJsonReasonsSayWhere() {
    assertThat(refused(observation("{\n  \"eventTime\": 1,\n  x\n}")))
        .startsWith("not JSON: Unexpected character ('x'")
        .endsWith("(line 3, column 3)");
  }

  @Test
  void otherEncodingsThanUtf8AreRefused() {
    byte[] utf16 = "{\"eventTime\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    assertThat(refused(observations.decode(utf16))).startsWith("not JSON: not UTF-8 text");
    byte[] badUtf8 = {'{', '"', 'k', 'e', 'y', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertThat(refused(observations.decode(badUtf8))).startsWith("not JSON: ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "[1, 2]           | not a JSON object: the value is an array",
        "5                | not a JSON object: the value is 5",
        "\"text\"         | not a JSON object: the value is \"text\"",
        "null             | not a JSON object: the value is null",
      })
  void jsonThatIsNotAnObjectIsRefused(String text, String reason) {
    assertThat(refused(observation(text))).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"eventTime\":1} {}", "{\"eventTime\":1}5", "{\"eventTime\":1} x"})
  void trailingContentIsRefused(String text) {
    assertThat(refused(observation(text))).startsWith("trailing content after the JSON object");
  }

  @Test
  void trailingWhitespaceIsNotContent() {
    assertThat(ok(observation("{\"eventTime\":1}\r\n  ")).getEventTime()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "true      | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got true",
        "null      | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got null",
        "1.5       | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got 1.5",
        "[1]       | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got an array",
        "{}        | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got an object",
        "1e2       | field 'eventTime': expected epoch milliseconds or ISO-8601 text, got 1e2",
        "99999999999999999999 | field 'eventTime': 99999999999999999999 is beyond the range of long",
        "\"yesterday\" | field 'eventTime': \"yesterday\" is not ISO-8601 text",
        "\"2024-01-01T00:00:00\" | field 'eventTime': \"2024-01-01T00:00:00\" is not ISO-8601 text",
        "\"2024-13-01\" | field 'eventTime': \"2024-13-01\" is not ISO-8601 text",
        "\"1704067200000\" | field 'eventTime': \"1704067200000\" is not ISO-8601 text",
      })
  void aBadEventTimeIsRefusedNamingTheField(String eventTime, String reason) {
    assertThat(refused(observation("{\"eventTime\": " + eventTime + "}"))).startsWith(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "\"features\": [1, \"2\"]    | field 'features[1]': expected a number, got \"2\"",
        "\"features\": [1, 1e39]     | field 'features[1]': 1e39 is beyond the range of float",
        "\"features\": {}            | field 'features': expected an array, got an object",
        "\"features\": null          | field 'features': expected an array, got null",
        "\"named\": {\"a\": true}    | field 'named[\"a\"]': expected a number, got true",
        "\"named\": {\"a\": 1, \"a\": 2} | field 'named[\"a\"]' appears twice",
        "\"named\": []               | field 'named': expected an object, got an array",
        "\"target\": -3.5e38         | field 'target': -3.5e38 is beyond the range of float",
        "\"target\": \"1\"           | field 'target': expected a number, got \"1\"",
        "\"key\": 5                  | field 'key': expected text, got 5",
        "\"key\": \"a\", \"key\": \"b\" | field 'key' appears twice",
      })
  void badObservationFieldsAreRefusedNamingTheField(String member, String reason) {
    assertThat(refused(observation("{\"eventTime\": 1, " + member + "}"))).isEqualTo(reason);
  }

  @Test
  void aLongValueIsShortenedInTheReason() {
    String reason = refused(observation("{\"eventTime\": \"" + "y".repeat(500) + "\"}"));
    assertThat(reason).startsWith("field 'eventTime': \"yyy").hasSizeLessThan(400);
    assertThat(refused(observation("{\"key\": \"a\\u0000b\", \"eventTime\": false, \"x\": 1}")))
        .isEqualTo("field 'eventTime': expected epoch milliseconds or ISO-8601 text, got false");
  }

  @Test
  void missingRequiredFieldsAreRefused() {
    assertThat(refused(observation("{\"key\": \"s\"}"))).isEqualTo("missing field 'eventTime'");
    assertThat(refused(observation("{}"))).isEqualTo("missing field 'eventTime'");
    assertThat(refused(modelUpdates.decode("{\"modelId\":\"m\",\"version\":1}".getBytes(UTF_8))))
        .isEqualTo("missing field 'artifactUri'");
  }

  private String deadLetterWith(String member, String value) {
    String json = new String(deadLetters.encode(deadLetter(new byte[] {1}, null)), UTF_8);
    String replaced =
        json.replaceFirst(
            "\"" + member + "\":(\"[^\"]*\"|[^,}]*)",
            java.util.regex.Matcher.quoteReplacement("\"" + member + "\":" + value));
    assertThat(replaced).isNotEqualTo(json);
    return replaced;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "partition | 3000000000 | field 'partition': 3000000000 is beyond the range of int",
        "partition | 1.0        | field 'partition': expected an integer, got 1.0",
        "payload   | \"a$b\"    | field 'payload': not base64: ",
        "payload   | 12         | field 'payload': expected base64 text, got 12",
        "kind      | 3          | field 'kind': expected one of UNDECODABLE, UNKNOWN_SCHEMA,",
        "topic     | null       | field 'topic': expected text, got null",
      })
  void badDeadLetterFieldsAreRefused(String member, String value, String reason) {
    assertThat(refused(deadLetters.decode(deadLetterWith(member, value).getBytes(UTF_8))))
        .startsWith(reason);
  }

  @Test
  void anUnknownEnumSymbolIsRefusedWhereTheEnumHasNoDefault() {
    String json =
        new String(modelUpdates.encode(modelUpdate(StatePolicy.KEEP, null)), UTF_8)
            .replace("\"KEEP\"", "\"KEPT\"");
    assertThat(refused(modelUpdates.decode(json.getBytes(UTF_8))))
        .isEqualTo("field 'policy': unknown symbol \"KEPT\", expected one of KEEP, RESET, REWARM");
  }

  // ------------------------------------------------------------------------------ hostile input

  @Test
  void deepNestingIsRefusedWithoutAnException() {
    for (int depth : new int[] {100, 10_000, 1_000_000}) {
      String deep = "[".repeat(depth) + "]".repeat(depth);
      assertThat(refused(observation("{\"eventTime\": 1, \"x\": " + deep + "}")))
          .startsWith("JSON beyond the codec's limits: ")
          .contains("nesting depth");
      assertThat(refused(observation("{\"eventTime\": 1, \"features\": " + deep + "}")))
          .isNotNull();
      String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      assertThat(refused(observation("{\"eventTime\": 1, \"x\": " + objects + "}")))
          .startsWith("JSON beyond the codec's limits: ");
    }
  }

  @Test
  void nestingWithinTheLimitIsRead() {
    int depth = JsonCodec.MAX_NESTING_DEPTH - 1; // the record's own object is one level
    String deep = "[".repeat(depth) + "]".repeat(depth);
    assertThat(ok(observation("{\"eventTime\": 1, \"x\": " + deep + "}")).getEventTime())
        .isEqualTo(1);
    String tooDeep = "[".repeat(depth + 1) + "]".repeat(depth + 1);
    refused(observation("{\"eventTime\": 1, \"x\": " + tooDeep + "}"));
  }

  @Test
  void aStringLongerThanTheRecordLimitIsRefused() {
    String mib = "x".repeat(JsonCodec.DEFAULT_MAX_RECORD_BYTES + 1);
    assertThat(refused(observation("{\"eventTime\": 1, \"key\": \"" + mib + "\"}")))
        .startsWith("JSON beyond the codec's limits: String value length")
        .hasSizeLessThan(500);

    JsonCodec<Observation> small = JsonCodec.forSpecific(Observation.class, 1000);
    String atLimit = "{\"eventTime\": 1, \"key\": \"" + "k".repeat(1000) + "\"}";
    assertThat(ok(small.decode(atLimit.getBytes(UTF_8))).getKey()).hasSize(1000);
    String over = "{\"eventTime\": 1, \"key\": \"" + "k".repeat(1001) + "\"}";
    assertThat(refused(small.decode(over.getBytes(UTF_8))))
        .startsWith("JSON beyond the codec's limits: String value length");
  }

  @Test
  void aNumberLongerThanTheLimitIsRefused() {
    String longest = "9".repeat(JsonCodec.MAX_NUMBER_LENGTH);
    assertThat(refused(observation("{\"eventTime\": " + longest + "}")))
        .startsWith("field 'eventTime': 999");
    assertThat(refused(observation("{\"eventTime\": " + longest + "9}")))
        .startsWith("JSON beyond the codec's limits: ")
        .contains("Number value length");
    assertThat(refused(observation("{\"eventTime\": 1, \"x\": " + longest + "9}")))
        .startsWith("JSON beyond the codec's limits: ");
  }

  @Test
  void oneCodecServesManyThreads() throws Exception {
    List<Observation> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Observation o = fullObservation();
      o.setEventTime(i);
      o.setKey("k" + i);
      records.add(o);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  int same = 0;
                  for (int round = 0; round < 20; round++) {
                    for (Observation o : records) {
                      same += observations.decode(observations.encode(o)).value().equals(o) ? 1 : 0;
                    }
                  }
                  return same;
                }));
      }
      for (java.util.concurrent.Future<Integer> run : runs) {
        assertThat(run.get()).isEqualTo(20 * records.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(20240101);
    int ok = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      if (i % 2 == 0 && bytes.length > 0) {
        bytes[0] = '{'; // past the first byte more often
      }
      ok += decodesCleanly(observations, bytes) ? 1 : 0;
      decodesCleanly(deadLetters, bytes);
    }
    assertThat(ok).isZero(); // random bytes are not a record
  }

  @Test
  void mutatedJsonNeverThrows() {
    Random random = new Random(42);
    List<byte[]> seeds =
        List.of(
            observations.encode(fullObservation()),
            observations.encode(emptyObservation()),
            "{\"key\":\"s\",\"eventTime\":\"2024-01-01T01:00:00+01:00\",\"x\":[{\"y\":[1,2]}]}"
                .getBytes(UTF_8));
    byte[] alphabet = "{}[]\":,0123456789.eE+-NaInfity tfnul\\x\u00e9".getBytes(UTF_8);
    int decoded = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      List<Byte> bytes = new ArrayList<>();
      for (byte b : seed) {
        bytes.add(b);
      }
      for (int m = 1 + random.nextInt(4); m > 0; m--) {
        int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
        byte b =
            random.nextBoolean()
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) random.nextInt(256);
        switch (random.nextInt(4)) {
          case 0 -> bytes.add(at, b);
          case 1 -> {
            if (!bytes.isEmpty()) {
              bytes.remove(at);
            }
          }
          case 2 -> {
            if (!bytes.isEmpty()) {
              bytes.set(at, b);
            }
          }
          default -> bytes.subList(at, bytes.size()).clear();
        }
      }
      byte[] value = new byte[bytes.size()];
      for (int j = 0; j < value.length; j++) {
        value[j] = bytes.get(j);
      }
      decoded += decodesCleanly(observations, value) ? 1 : 0;
    }
    // some mutations leave a record (a changed digit, an unknown field): those were re-encoded
    assertThat(decoded).isBetween(1, 9_999);
  }

  /**
   * Decodes without throwing; a failure is UNDECODABLE with a reason, and a record decoded from
   * bytes re-encodes to JSON that decodes to the same record. Whether a record came out.
   */
  private static <T extends SpecificRecord> boolean decodesCleanly(JsonCodec<T> codec, byte[] v) {
    Decoded<T> d;
    try {
      d = codec.decode(v);
    } catch (Throwable t) {
      throw new AssertionError("decode threw for " + java.util.Arrays.toString(v), t);
    }
    if (d instanceof Decoded.Failed<T> f) {
      assertThat(f.kind()).isEqualTo(ErrorKind.UNDECODABLE);
      assertThat(f.reason()).isNotBlank().hasSizeLessThan(1000);
      return false;
    }
    T record = d.value();
    assertThat(codec.decode(codec.encode(record)).value()).isEqualTo(record);
    return true;
  }
}
