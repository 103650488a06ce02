package io.statecast.artifact;

/**
 * An artifact's store could not be read (unreachable, timed out, refused the credentials): nothing
 * is known to be wrong with the artifact itself, and the same load may succeed later. A caller that
 * must not mistake an outage for a bad artifact (the streaming job's model updates) retries on this
 * and refuses on any other {@link ArtifactException}.
 */
public class ArtifactUnavailableException extends ArtifactException {

  private static final long serialVersionUID = 1L;

  public ArtifactUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
