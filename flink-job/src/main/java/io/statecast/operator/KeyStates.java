package io.statecast.operator;

import io.statecast.batch.KeyState;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/** The keyed-state descriptor of {@link KeyState}, with the idle-key TTL when one is set. */
final class KeyStates {

  private KeyStates() {}

  /**
   * A descriptor whose state expires {@code ttl} after its last write (never read back once
   * expired), cleaned up in full snapshots, incrementally on the heap backend and by RocksDB's
   * compaction filter.
   */
  static ValueStateDescriptor<KeyState> descriptor(String name, Duration ttl) {
    ValueStateDescriptor<KeyState> d =
        new ValueStateDescriptor<>(name, KeyStateSerializer.INSTANCE);
    if (ttl != null) {
      d.enableTimeToLive(
          StateTtlConfig.newBuilder(ttl)
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .cleanupFullSnapshot()
              .cleanupIncrementally(16, false)
              .cleanupInRocksdbCompactFilter(1000)
              .build());
    }
    return d;
  }
}
