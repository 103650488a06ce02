package io.statecast.source;

import io.statecast.avro.Observation;
import io.statecast.batch.BatchRow;
import java.util.Arrays;
import java.util.Objects;

/**
 * A valid observation on its way to the forecast operator, with where it came from: when it entered
 * the pipeline (its Kafka timestamp, for end-to-end latency), its source position and the record's
 * value as it arrived (so that a late, duplicate or unusable event still becomes a dead letter with
 * its original bytes). A row of the operator's {@link io.statecast.batch.KeyedBatch}.
 *
 * <p>A Flink POJO: public fields and a no-argument constructor.
 */
public class ObservationEvent implements BatchRow {

  /** The decoded, validated observation. */
  public Observation observation;

  /** Kafka record timestamp (ms since the epoch): when the observation entered the pipeline. */
  public long ingestTime;

  /** Source topic. */
  public String topic;

  /** Source partition. */
  public int partition;

  /** Source offset. */
  public long offset;

  /** The record's value as it arrived (null for an event made inside the job). */
  public byte[] payload;

  public ObservationEvent() {}

  public ObservationEvent(
      Observation observation,
      long ingestTime,
      String topic,
      int partition,
      long offset,
      byte[] payload) {
    this.observation = observation;
    this.ingestTime = ingestTime;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.payload = payload;
  }

  /** The entity key (never null for a validated observation). */
  @Override
  public String key() {
    return observation.getKey();
  }

  /** The event time (ms since the epoch). */
  @Override
  public long eventTime() {
    return observation.getEventTime();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObservationEvent e
        && e.ingestTime == ingestTime
        && e.partition == partition
        && e.offset == offset
        && Arrays.equals(e.payload, payload)
        && Objects.equals(e.observation, observation)
        && Objects.equals(e.topic, topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observation, ingestTime, topic, partition, offset);
  }

  @Override
  public String toString() {
    return "ObservationEvent[" + topic + "/" + partition + "@" + offset + " " + observation + "]";
  }

  /** The target (NaN when the observation has none). */
  @Override
  public double target() {
    Float t = observation.getTarget();
    return t == null ? Double.NaN : t;
  }
}
