package io.statecast.wire.registry;

/**
 * The registry answered that it has no schema with this id (HTTP 404 with {@code error_code}
 * 40403): the record that carries the id is at fault, not the registry.
 */
public final class UnknownSchemaIdException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int id;

  public UnknownSchemaIdException(int id, String message) {
    super(message);
    this.id = id;
  }

  /** The id the registry does not know. */
  public int id() {
    return id;
  }
}
