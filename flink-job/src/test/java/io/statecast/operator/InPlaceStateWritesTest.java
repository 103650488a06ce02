package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.batch.KeyState;
import java.time.Duration;
import java.util.concurrent.RunnableFuture;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.CheckpointableKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.SnapshotResult;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The heap-backend behaviour {@link BatchCompletion#writesInPlace} relies on, checked on the Flink
 * version we build against, so that an upgrade that changes it fails here and not in production: a
 * state object read with {@code value()} and mutated without {@code update()} (1) is in the next
 * snapshot, and (2) does not leak into a snapshot that was taken before the mutation and is still
 * being written asynchronously (the state map copies the entry on the first read after the snapshot
 * began).
 */
class InPlaceStateWritesTest {

  private static final String KEY = "station-7";

  @Test
  void mutatedInPlaceReachesTheNextSnapshotButNotARunningOne() throws Exception {
    KeyedStateHandle running;
    KeyedStateHandle next;
    try (var h = harness()) {
      h.open();
      CheckpointableKeyedStateBackend<String> backend = backend(h);
      ValueState<KeyState> state = state(backend);
      state.update(keyState(1f, 1));

      RunnableFuture<SnapshotResult<KeyedStateHandle>> first = snapshot(backend, 1);
      KeyState read = state.value();
      read.state[0] = 2f; // stepped in place, no update()
      read.steps = 2;
      first.run(); // the asynchronous part writes after the mutation
      running = first.get().getJobManagerOwnedSnapshot();

      RunnableFuture<SnapshotResult<KeyedStateHandle>> second = snapshot(backend, 2);
      second.run();
      next = second.get().getJobManagerOwnedSnapshot();
    }
    KeyState inRunning = restored(running);
    KeyState inNext = restored(next);
    System.out.printf(
        "in-place write: running snapshot holds %.1f (steps %d), next holds %.1f (steps %d)%n",
        inRunning.state[0], inRunning.steps, inNext.state[0], inNext.steps);
    assertThat(inRunning.state[0]).isEqualTo(1f);
    assertThat(inRunning.steps).isEqualTo(1);
    assertThat(inNext.state[0]).isEqualTo(2f);
    assertThat(inNext.steps).isEqualTo(2);
  }

  @Test
  void onlyTheHeapBackendWithoutTtlWritesInPlace() throws Exception {
    ForecastOperatorConfig plain = ForecastOperatorConfig.builder("model").build();
    ForecastOperatorConfig ttl = plain.toBuilder().optStateTtl(Duration.ofHours(1)).build();
    try (var h = harness()) {
      h.open();
      assertThat(BatchCompletion.writesInPlace(backend(h), plain)).isTrue();
      assertThat(BatchCompletion.writesInPlace(backend(h), ttl)).isFalse();
    }
    try (var h = harness()) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.open();
      assertThat(BatchCompletion.writesInPlace(backend(h), plain)).isFalse();
    }
  }

  private static KeyState restored(KeyedStateHandle handle) throws Exception {
    try (var h = harness()) {
      h.initializeState(OperatorSubtaskState.builder().setManagedKeyedState(handle).build());
      h.open();
      return state(backend(h)).value();
    }
  }

  private static KeyState keyState(float first, long steps) {
    float[] s = new float[4];
    s[0] = first;
    return new KeyState(s, steps, 1_700_000_000_000L, 1, 0);
  }

  private static RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
      CheckpointableKeyedStateBackend<String> backend, long id) throws Exception {
    return backend.snapshot(
        id,
        id,
        new MemCheckpointStreamFactory(1 << 20),
        CheckpointOptions.forCheckpointWithDefaultLocation());
  }

  private static ValueState<KeyState> state(CheckpointableKeyedStateBackend<String> backend)
      throws Exception {
    backend.setCurrentKey(KEY);
    return backend.getPartitionedState(
        VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE,
        KeyStates.descriptor(LstmForecastOperator.STATE_NAME, null));
  }

  @SuppressWarnings("unchecked")
  private static CheckpointableKeyedStateBackend<String> backend(
      KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
    return (CheckpointableKeyedStateBackend<String>)
        (CheckpointableKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new Ignore()), k -> k, Types.STRING);
  }

  /** A keyed operator that does nothing: the test works on its state backend directly. */
  private static final class Ignore extends KeyedProcessFunction<String, String, String> {
    @Override
    public void processElement(String value, Context ctx, Collector<String> out) {}
  }
}
