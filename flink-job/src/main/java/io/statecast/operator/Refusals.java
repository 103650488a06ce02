package io.statecast.operator;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationDecoder;
import io.statecast.source.ObservationEvent;
import io.statecast.wire.WireCodec;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * What the operator does not apply, and where it goes: duplicates, events the model cannot encode,
 * events whose step left a non-finite state and refused model updates to the dead letters; late
 * events to the late-events output. Each carries its source position and a reason, and is counted
 * by its own counter and, once emitted, in {@code deadLetters} (in total and per {@code kind}).
 */
final class Refusals {

  private final Output<StreamRecord<io.statecast.avro.Forecast>> output;
  private final OperatorMetrics metrics;
  private final boolean reportsUpdates;

  /**
   * @param reportsUpdates whether this subtask writes the dead letters of model updates: every
   *     subtask receives (and judges) each broadcast update, so one of them reports, once
   */
  Refusals(
      Output<StreamRecord<io.statecast.avro.Forecast>> output,
      OperatorMetrics metrics,
      boolean reportsUpdates) {
    this.output = output;
    this.metrics = metrics;
    this.reportsUpdates = reportsUpdates;
  }

  void duplicate(ObservationEvent e) {
    metrics.duplicates.inc();
    send(
        LstmForecastOperator.REFUSED,
        e,
        ErrorKind.DUPLICATE_EVENT,
        "an event of key '" + e.key() + "' at " + e.eventTime() + " was already applied");
  }

  void late(ObservationEvent e, String reason) {
    metrics.lateEvents.inc();
    send(LstmForecastOperator.LATE_EVENTS, e, ErrorKind.LATE_EVENT, reason);
  }

  void jumped(ObservationEvent e, String reason) {
    metrics.eventTimeJumps.inc();
    send(LstmForecastOperator.REFUSED, e, ErrorKind.EVENT_TIME_JUMP, reason);
  }

  /** An event whose step left its key's state non-finite (the state was reset, no forecast). */
  void nonFinite(ObservationEvent e, String reason) {
    metrics.nonFiniteStates.inc();
    send(LstmForecastOperator.REFUSED, e, ErrorKind.NON_FINITE_STATE, reason);
  }

  void unusable(ObservationEvent e, ErrorKind kind, String reason) {
    metrics.refused.inc();
    send(LstmForecastOperator.REFUSED, e, kind, reason);
  }

  /** Sends an event that {@link Admission} refused where its verdict says. */
  void refuse(ObservationEvent e, Admission.Outcome o) {
    switch (o.verdict()) {
      case DUPLICATE -> duplicate(e);
      case LATE -> late(e, o.reason());
      case JUMPED -> jumped(e, o.reason());
      case UNUSABLE -> unusable(e, o.kind(), o.reason());
      case BUFFERED -> throw new IllegalArgumentException("a buffered event is not refused");
    }
  }

  void undecodableUpdate(ModelUpdateEvent u) {
    metrics.updatesRefused.inc();
    if (!reportsUpdates) {
      return;
    }
    metrics.deadLetter(u.deadLetter.getKind());
    output.collect(LstmForecastOperator.REFUSED, new StreamRecord<>(u.deadLetter));
  }

  void update(ModelUpdateEvent u, String reason) {
    metrics.updatesRefused.inc();
    if (!reportsUpdates) {
      return;
    }
    byte[] payload = WireCodec.modelUpdates().encode(u.update);
    DeadLetter d =
        ObservationDecoder.letter(
            null,
            payload,
            u.position(),
            System.currentTimeMillis(),
            ErrorKind.INVALID_MODEL_UPDATE,
            reason);
    metrics.deadLetter(d.getKind());
    output.collect(LstmForecastOperator.REFUSED, new StreamRecord<>(d));
  }

  private void send(
      org.apache.flink.util.OutputTag<DeadLetter> tag,
      ObservationEvent e,
      ErrorKind kind,
      String reason) {
    DeadLetter d = ObservationDecoder.deadLetterFor(e, kind, reason, System.currentTimeMillis());
    metrics.deadLetter(kind);
    output.collect(tag, new StreamRecord<>(d, e.eventTime()));
  }
}
