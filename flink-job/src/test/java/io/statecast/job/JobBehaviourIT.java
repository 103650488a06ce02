package io.statecast.job;

import static io.statecast.job.SeamRun.bytes;
import static io.statecast.job.SeamRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.job.SeamRun.Outputs;
import io.statecast.job.SeamRun.Records;
import io.statecast.job.SeamRun.Updates;
import io.statecast.modelstore.TestFileSystem;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.operator.Ordering;
import io.statecast.source.ObservationDecoder;
import io.statecast.testing.BadInputs;
import io.statecast.testing.TestModels;
import io.statecast.wire.WireCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job's behaviour through its own seam ({@link ForecastJob#build}, as Flink's training
 * exercises test their jobs): bounded test sources of records as the Kafka sources would hand them
 * on — each observation's bytes decoded by the same {@link ObservationDecoder} — and the three
 * outputs collected, on a local Flink cluster, without a broker: bad input, event-time ordering and
 * a live model update (its artifact on the local disk or on another Flink file system), one record
 * far ahead in event time. At parallelism 1: the generator's readers would interleave one key's
 * records, which a Kafka partition keeps in order. Kafka's part (exactly once, SASL, topics, the
 * registry's promotions, rescaling from a savepoint, the cluster) is tested with a real broker
 * elsewhere ({@code ForecastJobIT}, {@code SaslJobIT}, {@code JobTopicsIT}, {@code ModelUpgradeIT},
 * {@code RescaleIT}, the cluster ITs); state expiry by the operator's tests.
 */
class JobBehaviourIT {

  private static final int KEYS = 12;
  private static final int DAYS = 20;

  @TempDir static Path tmp;
  private static ModelArtifact model;

  @BeforeAll
  static void writeModel() throws Exception {
    model = TestModels.write(tmp.resolve("model"));
  }

  @Test
  void badInputBecomesDeadLettersWithItsBytesAndLeavesGoodInputUnharmed() throws Exception {
    Records in = new Records();
    Map<ErrorKind, Integer> expectedDead = new EnumMap<>(ErrorKind.class);
    Map<String, float[]> expected = new HashMap<>();
    TestModels.Offline oracle = TestModels.Offline.float32(model);
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        Observation o = TestModels.observation("key-" + k, d, (float) (10 + 3 * Math.sin(d + k)));
        in.add(o);
        expected.put(o.getKey() + "@" + o.getEventTime(), oracle.step(o));
      }
      if (d == 5) {
        for (BadInputs.Bad b : BadInputs.beforeTheOperator()) {
          in.add(b.key(), b.value());
          expectedDead.merge(b.expected(), 1, Integer::sum);
        }
      }
    }
    in.add(TestModels.observation("key-1", DAYS - 1, 3f)); // its last day again: a duplicate
    expectedDead.merge(ErrorKind.DUPLICATE_EVENT, 1, Integer::sum);
    in.add(TestModels.observation("key-2", 3, 1f)); // long past: late

    Outputs out = run(in, settings(Ordering.ARRIVAL, Duration.ZERO));

    assertThat(out.forecasts()).hasSize(KEYS * DAYS);
    for (Forecast f : out.forecasts()) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("a forecast of an observation that was sent").isNotNull();
      for (int j = 0; j < want.length; j++) {
        assertThat(f.getValues().get(j)).isCloseTo(want[j], within(1e-5f));
      }
    }
    Map<ErrorKind, Integer> dead = new EnumMap<>(ErrorKind.class);
    out.deadLetters().forEach(d -> dead.merge(d.getKind(), 1, Integer::sum));
    assertThat(dead).isEqualTo(expectedDead);
    for (DeadLetter d : out.deadLetters()) {
      assertThat(bytes(d.getPayload()))
          .as("%s keeps the bytes as they arrived", d.getKind())
          .isEqualTo(in.head(d.getOffset()));
    }
    assertThat(out.lateEvents())
        .singleElement()
        .satisfies(d -> assertThat(d.getKind()).isEqualTo(ErrorKind.LATE_EVENT));
  }

  @Test
  void eventTimeModeAppliesEachKeysEventsInTimeOrderAndSetsTheLateOnesAside() throws Exception {
    Records in = new Records();
    for (int d = 0; d < DAYS; d += 2) { // each pair of days arrives the later day first
      for (int k = 0; k < KEYS; k++) {
        in.add(TestModels.observation("key-" + k, d + 1, d + 1f));
        in.add(TestModels.observation("key-" + k, d, d));
      }
    }
    in.pauseAfterLast(); // so that the watermark (day 17) is emitted before the next record
    in.add(TestModels.observation("key-0", 1, 5f)); // more than the lateness behind: late

    Outputs out = run(in, settings(Ordering.EVENT_TIME, Duration.ofDays(2)));

    assertThat(out.forecasts()).hasSize(KEYS * DAYS);
    Map<String, List<Forecast>> byKey = new HashMap<>();
    out.forecasts().forEach(f -> byKey.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f));
    for (List<Forecast> key : byKey.values()) {
      key.sort((a, b) -> Long.compare(a.getSteps(), b.getSteps()));
      for (int i = 1; i < key.size(); i++) {
        assertThat(key.get(i).getEventTime()).isGreaterThan(key.get(i - 1).getEventTime());
      }
    }
    assertThat(out.lateEvents())
        .singleElement()
        .satisfies(d -> assertThat(d.getMessage()).contains("behind the watermark"));
    assertThat(out.deadLetters()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Ordering.class)
  void oneRecordYearsAheadIsADeadLetterAndMakesNoOtherRecordLate(Ordering ordering)
      throws Exception {
    long start = 946_684_800_000L; // 2000-01-01: ten years on is still in the past
    TestModels.Offline oracle = TestModels.Offline.float32(model);
    Map<String, float[]> expected = new HashMap<>();
    Records in = new Records();
    Observation ahead = null;
    for (int d = 0; d < 200; d++) {
      if (d == 100) {
        ahead = at("key-3", start + 3653 * TestModels.DAY, 7f);
        in.add(ahead);
        in.pauseAfterLast(); // a watermark after it: it must not have moved
      }
      for (int k = 0; k < 10; k++) {
        Observation o = at("key-" + k, start + d * TestModels.DAY, (float) (10 + Math.sin(d + k)));
        in.add(o);
        expected.put(o.getKey() + "@" + o.getEventTime(), oracle.step(o));
      }
    }

    Outputs out = run(in, settings(ordering, Duration.ZERO));

    assertThat(out.forecasts()).hasSize(2000);
    for (Forecast f : out.forecasts()) {
      float[] want = expected.get(f.getKey() + "@" + f.getEventTime());
      assertThat(want).as("a forecast of a valid observation").isNotNull();
      for (int j = 0; j < want.length; j++) {
        assertThat(f.getValues().get(j)).isCloseTo(want[j], within(1e-5f));
      }
    }
    assertThat(out.lateEvents()).isEmpty();
    byte[] aheadBytes = WireCodec.observations().encode(ahead);
    assertThat(out.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getKind()).isEqualTo(ErrorKind.EVENT_TIME_JUMP);
              assertThat(d.getMessage()).contains("ahead of", "--max-event-time-jump");
              assertThat(bytes(d.getPayload())).isEqualTo(aheadBytes);
            });
  }

  /** Where the job's model and the update's artifact are. */
  enum Store {
    /** Plain paths and {@code file:} URIs. */
    LOCAL,
    /**
     * URIs of another Flink file system ({@code testfs://}), which fails the first reads of the
     * update's artifact as an unreachable store does: waited for, not refused.
     */
    TESTFS
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void anUpdateOfTheJobsModelSwitchesEveryKeyWithItsPolicy(Store store) throws Exception {
    ModelArtifact v2 = TestModels.writeVersion(tmp.resolve("v2-" + store), 2, 23);
    TestModels.Offline oracle = TestModels.Offline.float32(model);
    Map<String, float[]> expected = new HashMap<>();
    Map<String, Integer> expectedVersion = new HashMap<>();
    Records in = new Records();
    int half = DAYS / 2;
    for (int d = 0; d < DAYS; d++) {
      if (d == half) {
        in.holdForTheUpdate();
        oracle.switchTo(v2, StatePolicy.RESET);
      }
      for (int k = 0; k < KEYS; k++) {
        Observation o = TestModels.observation("key-" + k, d, (float) (10 + Math.sin(d + k)));
        in.add(o);
        expected.put(o.getKey() + "@" + o.getEventTime(), oracle.step(o));
        expectedVersion.put(o.getKey() + "@" + o.getEventTime(), d < half ? 1 : 2);
      }
    }

    Updates update = Updates.of(v2, StatePolicy.RESET, KEYS * half);
    String modelLocation = model.directory().toString();
    if (store == Store.TESTFS) {
      TestFileSystem.root(tmp.resolve("store"));
      modelLocation = TestFileSystem.upload(model.directory(), "bucket", "models/v1");
      update = update.at(TestFileSystem.upload(v2.directory(), "bucket", "models/v2"));
      Updates.beforeSending(() -> TestFileSystem.failNextReads(2));
    }

    Outputs out = run(in, settings(modelLocation, Ordering.ARRIVAL, Duration.ZERO), update);

    assertThat(out.forecasts()).hasSize(KEYS * DAYS);
    for (Forecast f : out.forecasts()) {
      String id = f.getKey() + "@" + f.getEventTime();
      assertThat(f.getModelVersion()).as(id).isEqualTo(expectedVersion.get(id));
      float[] want = expected.get(id);
      for (int j = 0; j < want.length; j++) {
        assertThat(f.getValues().get(j)).as(id).isCloseTo(want[j], within(1e-5f));
      }
    }
    assertThat(out.deadLetters()).isEmpty();
    if (store == Store.TESTFS) {
      assertThat(TestFileSystem.failingReadsLeft()).isZero(); // the outage happened, was waited out
    }
  }

  private static Observation at(String key, long eventTime, float target) {
    return Observation.newBuilder().setKey(key).setEventTime(eventTime).setTarget(target).build();
  }

  private static JobSettings settings(Ordering ordering, Duration outOfOrderness) {
    return settings(model.directory().toString(), ordering, outOfOrderness);
  }

  private static JobSettings settings(
      String modelLocation, Ordering ordering, Duration outOfOrderness) {
    return JobSettings.builder(
            ForecastOperatorConfig.builder(modelLocation)
                .setBatch(16, Duration.ofMillis(10))
                .setOrdering(ordering, Duration.ZERO)
                .build())
        .setWatermarks(outOfOrderness, Duration.ofSeconds(5))
        .setParallelism(1)
        .build();
  }
}
