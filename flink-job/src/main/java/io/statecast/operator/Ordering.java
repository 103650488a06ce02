package io.statecast.operator;

/**
 * In which order a key's events are applied to its state.
 *
 * <ul>
 *   <li>{@link #ARRIVAL}: as they arrive (lowest latency); Kafka keeps arrival order per partition
 *       when producers key by entity.
 *   <li>{@link #EVENT_TIME}: events wait until the watermark passes them and are applied in
 *       event-time order; events later than the allowed lateness go to the late-events output.
 * </ul>
 *
 * In both modes an event whose time is not after the key's last applied event is not applied: the
 * same time is a duplicate, an earlier one is late.
 */
public enum Ordering {
  ARRIVAL,
  EVENT_TIME
}
