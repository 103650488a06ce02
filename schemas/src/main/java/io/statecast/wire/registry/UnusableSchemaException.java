package io.statecast.wire.registry;

/**
 * The registry has a schema with this id, but not one an Avro reader can use: a Protobuf or JSON
 * schema, or text that does not parse as Avro (a schema with references to other subjects, say).
 * Ids are immutable, so the record that carries the id is at fault.
 */
public final class UnusableSchemaException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnusableSchemaException(String message) {
    super(message);
  }
}
