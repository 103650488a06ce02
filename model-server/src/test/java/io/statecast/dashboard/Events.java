package io.statecast.dashboard;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Observations, forecasts and dead letters for dashboard tests. */
final class Events {

  static final long DAY = 86_400_000L;
  static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

  private Events() {}

  /** Key {@code key}'s observation on day {@code day}: a deterministic wave around 100. */
  static Observation observation(String key, int day) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(T0 + day * DAY)
        .setFeatures(List.of())
        .setNamed(Map.of())
        .setTarget(value(key, day))
        .build();
  }

  static float value(String key, int day) {
    return (float) (100 + 20 * Math.sin(0.7 * day + key.hashCode() % 5));
  }

  /** The forecast of the observation of {@code key} on {@code day}. */
  static Forecast forecast(
      String key, int day, int version, long observedAt, long emittedAt, float... values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return Forecast.newBuilder()
        .setKey(key)
        .setEventTime(T0 + day * DAY)
        .setValues(List.of(boxed))
        .setModelId("demo")
        .setModelVersion(version)
        .setSteps(day + 1L)
        .setTarget(value(key, day))
        .setObservedAt(observedAt)
        .setEmittedAt(emittedAt)
        .build();
  }

  static DeadLetter deadLetter(ErrorKind kind, String key, String message, long at) {
    return DeadLetter.newBuilder()
        .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setRecordKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setTopic("observations")
        .setPartition(0)
        .setOffset(42)
        .setRecordTimestamp(at)
        .setKind(kind)
        .setMessage(message)
        .setFailedAt(at)
        .build();
  }
}
