package io.statecast.source;

/**
 * Where a Kafka record came from.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset in the partition
 * @param timestamp the record's Kafka timestamp (ms since the epoch)
 */
public record SourcePosition(String topic, int partition, long offset, long timestamp) {}
