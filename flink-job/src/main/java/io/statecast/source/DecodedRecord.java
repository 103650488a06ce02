package io.statecast.source;

import io.statecast.avro.DeadLetter;

/**
 * What the Kafka source yields for each record: either a valid {@link ObservationEvent} or the
 * {@link DeadLetter} that explains why there is none. One type, so that decoding can happen inside
 * the source, before watermarks are generated per partition, and nothing is dropped.
 *
 * <p>A Flink POJO; exactly one of the two fields is set.
 */
public class DecodedRecord {

  /** The valid event, or null. */
  public ObservationEvent event;

  /** The dead letter, or null. */
  public DeadLetter deadLetter;

  public DecodedRecord() {}

  /** A valid event. */
  public static DecodedRecord of(ObservationEvent event) {
    DecodedRecord r = new DecodedRecord();
    r.event = event;
    return r;
  }

  /** A dead letter. */
  public static DecodedRecord dead(DeadLetter deadLetter) {
    DecodedRecord r = new DecodedRecord();
    r.deadLetter = deadLetter;
    return r;
  }

  /** Whether this is a valid event. */
  public boolean isValid() {
    return event != null;
  }

  /**
   * The timestamp for watermarking: the event time of a valid event; {@link Long#MIN_VALUE} for a
   * dead letter, so that bad input (a time in the year 3000, say) never moves a watermark.
   */
  public long eventTimeOrMin() {
    return event == null ? Long.MIN_VALUE : event.eventTime();
  }

  @Override
  public String toString() {
    return event != null ? event.toString() : "DeadLetter[" + deadLetter.getKind() + "]";
  }
}
