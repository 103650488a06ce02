package io.statecast.source;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ModelUpdate;

/**
 * A record of the {@code model-updates} topic: the decoded update, or the dead letter saying why it
 * could not be decoded, with its source position. A Flink POJO; exactly one of {@link #update} and
 * {@link #deadLetter} is set.
 */
public class ModelUpdateEvent {

  /** The update, or null. */
  public ModelUpdate update;

  /** Why the record could not be decoded, or null. */
  public DeadLetter deadLetter;

  /** Source topic. */
  public String topic;

  /** Source partition. */
  public int partition;

  /** Source offset. */
  public long offset;

  /** Kafka timestamp. */
  public long timestamp;

  public ModelUpdateEvent() {}

  public ModelUpdateEvent(ModelUpdate update, DeadLetter deadLetter, SourcePosition at) {
    this.update = update;
    this.deadLetter = deadLetter;
    this.topic = at.topic();
    this.partition = at.partition();
    this.offset = at.offset();
    this.timestamp = at.timestamp();
  }

  /** Where it came from. */
  public SourcePosition position() {
    return new SourcePosition(topic, partition, offset, timestamp);
  }

  @Override
  public String toString() {
    return update != null
        ? "ModelUpdate[" + update + "]"
        : "ModelUpdate[dead: " + deadLetter.getMessage() + "]";
  }
}
