package io.statecast.operator;

import io.statecast.batch.KeyState;
import io.statecast.source.ObservationEvent;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The keyed-state descriptors of the operator's per-key values ({@link KeyState}, the suspect of
 * {@link EventTimeJumps} and the pending interval of {@link Anomalies}, with the idle-key TTL when
 * one is set; the {@link EventTimeGate}'s waiting events).
 */
final class KeyStates {

  private KeyStates() {}

  /**
   * A descriptor whose state expires {@code ttl} after its last write (never read back once
   * expired), cleaned up in full snapshots, incrementally on the heap backend and by RocksDB's
   * compaction filter.
   */
  static ValueStateDescriptor<KeyState> descriptor(String name, Duration ttl) {
    return withTtl(new ValueStateDescriptor<>(name, KeyStateSerializer.INSTANCE), ttl);
  }

  /** A descriptor of a {@code long[]} per key, expiring as {@link #descriptor} does. */
  static ValueStateDescriptor<long[]> longs(String name, Duration ttl) {
    return withTtl(
        new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO),
        ttl);
  }

  /**
   * A key's pending forecast interval ({@link Anomalies}), expiring as {@link #descriptor} does.
   */
  static ValueStateDescriptor<PendingInterval> intervals(String name, Duration ttl) {
    return withTtl(
        new ValueStateDescriptor<>(name, TypeInformation.of(PendingInterval.class)), ttl);
  }

  /** The event-time gate's waiting events of a key, by event time (no TTL: they must apply). */
  static MapStateDescriptor<Long, ObservationEvent> pending(String name) {
    return new MapStateDescriptor<>(name, Types.LONG, TypeInformation.of(ObservationEvent.class));
  }

  private static <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> d, Duration ttl) {
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
