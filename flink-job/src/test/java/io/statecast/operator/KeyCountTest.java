package io.statecast.operator;

import static io.statecast.operator.LstmForecastOperatorTest.record;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keysWithState} against the true number of keys with a state (counted by iterating the
 * state's keys, as the gauge must not): exact on the heap backend; on a real RocksDB backend within
 * 2% when each key was written once since the memtable was last flushed, and within 2% after a
 * compaction when each was written several times (before it, the estimate counts every write in the
 * memtable: the documented upward error).
 */
class KeyCountTest {

  private static final int KEYS = 2_000;

  @TempDir Path tmp;
  private ModelArtifact artifact;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.write(tmp.resolve("model"));
  }

  private KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> run(
      boolean rocksDb, int eventsPerKey) throws Exception {
    var h =
        LstmForecastOperatorTest.harness(
            ForecastOperatorConfig.builder(artifact.directory().toString())
                .setBatch(256, Duration.ofMillis(50))
                .build());
    if (rocksDb) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    h.open();
    long offset = 0;
    for (int day = 0; day < eventsPerKey; day++) {
      for (int k = 0; k < KEYS; k++) {
        h.processElement1(record(event("key-" + k, day, 10 + k % 7, offset++)));
      }
    }
    h.endInput1();
    return h;
  }

  private static long trueCount(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
    try (var keys =
        h.getOperator()
            .getKeyedStateBackend()
            .getKeys(LstmForecastOperator.STATE_NAME, VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static KeyCount countOf(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h) {
    return KeyCount.of(h.getOperator().getKeyedStateBackend(), LstmForecastOperator.STATE_NAME);
  }

  @Test
  void isExactOnTheHeap() throws Exception {
    try (var h = run(false, 3)) {
      assertThat(trueCount(h)).isEqualTo(KEYS);
      assertThat(countOf(h).get()).isEqualTo(KEYS);
    }
  }

  @Test
  void isRocksDbsEstimateOfTheStatesColumnFamily() throws Exception {
    try (var h = run(true, 1)) {
      KeyCount count = countOf(h);
      assertThat(count.db()).as("reached RocksDB").isNotNull();
      assertThat(trueCount(h)).isEqualTo(KEYS);
      assertThat((double) count.get()).isCloseTo(KEYS, within(0.02 * KEYS));
    }
  }

  @Test
  void onRocksDbRewritesCountUntilACompactionMergesThem() throws Exception {
    try (var h = run(true, 4)) {
      KeyCount count = countOf(h);
      assertThat(trueCount(h)).isEqualTo(KEYS);
      assertThat(count.get())
          .as("four writes per key, some still in the memtable")
          .isGreaterThan(KEYS + KEYS / 10)
          .isLessThanOrEqualTo(4L * KEYS);

      count.db().compactRange(count.column());
      count = countOf(h);

      assertThat((double) count.get()).isCloseTo(KEYS, within(0.02 * KEYS));
    }
  }
}
