package io.statecast.data;

import java.io.IOException;

/** A data file cannot be used: no header, no rows, or a bad row in strict mode. */
public class BadDataException extends IOException {

  private static final long serialVersionUID = 1L;

  public BadDataException(String message) {
    super(message);
  }

  public BadDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
