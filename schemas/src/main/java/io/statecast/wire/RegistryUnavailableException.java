package io.statecast.wire;

/**
 * A schema registry did not answer (refused connection, timeout, a 5xx answer, a 401/403): the
 * record being decoded or encoded is not at fault, and the same call may succeed later.
 */
public final class RegistryUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RegistryUnavailableException(String message) {
    super(message);
  }
}
