package io.statecast.source;

import io.statecast.avro.Observation;
import java.util.Objects;

/**
 * A valid observation on its way to the forecast operator, with where it came from: when it entered
 * the pipeline (its Kafka timestamp, for end-to-end latency) and its source position (so a late or
 * duplicate event can still become a dead letter that names it).
 *
 * <p>A Flink POJO: public fields and a no-argument constructor.
 */
public class ObservationEvent {

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

  public ObservationEvent() {}

  public ObservationEvent(
      Observation observation, long ingestTime, String topic, int partition, long offset) {
    this.observation = observation;
    this.ingestTime = ingestTime;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }

  /** The entity key (never null for a validated observation). */
  public String key() {
    return observation.getKey();
  }

  /** The event time (ms since the epoch). */
  public long eventTime() {
    return observation.getEventTime();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObservationEvent e
        && e.ingestTime == ingestTime
        && e.partition == partition
        && e.offset == offset
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
}
