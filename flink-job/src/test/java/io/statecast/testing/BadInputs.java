package io.statecast.testing;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Records a producer should not send, each with the dead-letter kind it must become. */
public final class BadInputs {

  /** One bad record: its Kafka key and value, and what it must become. */
  public record Bad(String name, byte[] key, byte[] value, ErrorKind expected) {}

  private static final WireCodec<Observation> CODEC = WireCodec.observations();

  private BadInputs() {}

  /** One of each kind of bad input that is refused before the operator. */
  public static List<Bad> beforeTheOperator() {
    List<Bad> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(99);
    byte[] random = new byte[64];
    for (int i = 0; i < random.length; i++) {
      random[i] = (byte) r.nextInt(256);
    }
    out.add(bad("random bytes", "x", random, ErrorKind.UNDECODABLE));
    byte[] valid = CODEC.encode(TestModels.observation("trunc", 1, 1));
    out.add(
        bad(
            "truncated Avro",
            "trunc",
            Arrays.copyOf(valid, valid.length - 3),
            ErrorKind.UNDECODABLE));
    out.add(bad("unknown schema", "u", unknownSchemaRecord(), ErrorKind.UNKNOWN_SCHEMA));
    try {
      out.addAll(invalidObservations(CODEC));
    } catch (RegistryUnavailableException e) {
      throw new AssertionError("the avro codec has no registry", e);
    }
    return out;
  }

  /**
   * Observations that decode but fail validation, one of each kind, encoded by {@code codec}: the
   * same refusals whatever the value format.
   */
  public static List<Bad> invalidObservations(ValueCodec<Observation> codec)
      throws RegistryUnavailableException {
    List<Bad> out = new ArrayList<>();
    out.add(obs(codec, "null key", withKey(null), ErrorKind.MISSING_KEY));
    out.add(obs(codec, "empty key", withKey(""), ErrorKind.MISSING_KEY));
    out.add(obs(codec, "oversized key", withKey("k".repeat(10_000)), ErrorKind.OVERSIZED_KEY));
    out.add(obs(codec, "NaN target", withTarget(Float.NaN), ErrorKind.NON_FINITE_VALUE));
    out.add(
        obs(
            codec,
            "+Infinity target",
            withTarget(Float.POSITIVE_INFINITY),
            ErrorKind.NON_FINITE_VALUE));
    out.add(
        obs(
            codec,
            "-Infinity target",
            withTarget(Float.NEGATIVE_INFINITY),
            ErrorKind.NON_FINITE_VALUE));
    out.add(obs(codec, "1e38 target", withTarget(1e38f), ErrorKind.NON_FINITE_VALUE));
    Observation extra = TestModels.observation("extra", 1, 1);
    extra.setFeatures(List.of(1f, 2f));
    out.add(obs(codec, "wrong feature count", extra, ErrorKind.WRONG_FEATURE_COUNT));
    Observation epoch = TestModels.observation("epoch", 1, 1);
    epoch.setEventTime(0L);
    out.add(obs(codec, "event time 1970", epoch, ErrorKind.ABSURD_TIMESTAMP));
    Observation future = TestModels.observation("future", 1, 1);
    future.setEventTime(32_503_680_000_000L); // 3000-01-01
    out.add(obs(codec, "event time 3000", future, ErrorKind.ABSURD_TIMESTAMP));
    return out;
  }

  private static Observation withKey(String key) {
    Observation o = TestModels.observation("k", 1, 1);
    o.setKey(key);
    return o;
  }

  private static Observation withTarget(float v) {
    Observation o = TestModels.observation("t", 1, 1);
    o.setTarget(v);
    return o;
  }

  private static Bad obs(ValueCodec<Observation> codec, String name, Observation o, ErrorKind kind)
      throws RegistryUnavailableException {
    String key = o.getKey() == null ? "none" : o.getKey();
    return new Bad(name, key.getBytes(StandardCharsets.UTF_8), codec.encode(o), kind);
  }

  private static Bad bad(String name, String key, byte[] value, ErrorKind kind) {
    return new Bad(name, key.getBytes(StandardCharsets.UTF_8), value, kind);
  }

  private static byte[] unknownSchemaRecord() {
    Schema s =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"other.team\","
                    + "\"fields\":[{\"name\":\"sensor\",\"type\":\"string\"},{\"name\":\"v\",\"type\":\"double\"}]}");
    GenericRecord g = new GenericData.Record(s);
    g.put("sensor", "s1");
    g.put("v", 1.5);
    return WireCodec.forGeneric(s).encode(g);
  }
}
