package io.statecast.registry;

/**
 * A registry operation that could not be done, with a {@link Reason} the HTTP layer maps to a
 * status code and a message meant for the user.
 */
public final class RegistryException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Reason {
    /** No such model or version. */
    NOT_FOUND,
    /** The request contradicts the registry's state: a version that exists, a retired one. */
    CONFLICT,
    /** The upload is not a valid artifact or archive. */
    INVALID,
    /** The upload is larger than allowed. */
    TOO_LARGE,
    /** A version in the registry fails verification (its files were altered on disk). */
    CORRUPT,
    /** The model update could not be published; nothing was changed. */
    PUBLISH_FAILED,
    /** The registry's files could not be read or written. */
    STORAGE
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }
}
