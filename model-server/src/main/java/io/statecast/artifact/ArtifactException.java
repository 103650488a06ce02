package io.statecast.artifact;

import java.io.IOException;

/** A model artifact cannot be read, is incomplete, or is not what its manifest says. */
public class ArtifactException extends IOException {

  private static final long serialVersionUID = 1L;

  public ArtifactException(String message) {
    super(message);
  }

  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
