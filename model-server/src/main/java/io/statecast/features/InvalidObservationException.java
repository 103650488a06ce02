package io.statecast.features;

import io.statecast.avro.ErrorKind;

/** An observation the model cannot use, with the dead-letter kind and a reason. */
public class InvalidObservationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public InvalidObservationException(ErrorKind kind, String reason) {
    super(reason);
    this.kind = kind;
  }

  /** The class of error, as a dead letter records it. */
  public ErrorKind kind() {
    return kind;
  }
}
