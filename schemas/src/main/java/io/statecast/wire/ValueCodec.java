package io.statecast.wire;

/**
 * How records of one type travel as Kafka record values, in one {@link ValueFormat}: decoding never
 * throws for bad input (it returns the record or an {@link io.statecast.avro.ErrorKind} and a
 * reason), and the one failure that is not the record's fault, a schema registry that cannot be
 * reached, is an exception the caller waits out.
 *
 * @param <T> the record type
 */
public interface ValueCodec<T> {

  /**
   * The record in {@code value}, or why there is none.
   *
   * @throws RegistryUnavailableException if the writer's schema must be fetched from a schema
   *     registry that does not answer now (the record is not at fault: retry it later)
   */
  Decoded<T> decode(byte[] value) throws RegistryUnavailableException;

  /**
   * The value that carries {@code record}.
   *
   * @throws RegistryUnavailableException if the schema must be registered with a schema registry
   *     that does not answer now
   * @throws IllegalArgumentException if the record does not conform to its schema
   */
  byte[] encode(T record) throws RegistryUnavailableException;

  /** The format of the values. */
  ValueFormat format();
}
