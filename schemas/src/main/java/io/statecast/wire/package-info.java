/**
 * The wire format of every Statecast message: Avro <a
 * href="https://avro.apache.org/docs/1.12.0/specification/#single-object-encoding">single-object
 * encoding</a>, read and written by {@link io.statecast.wire.WireCodec}.
 *
 * <p>A single-object message is {@code 0xC3 0x01}, the 8-byte little-endian CRC-64-AVRO fingerprint
 * of the writer schema's parsing canonical form, then the Avro binary body. The fingerprint lets a
 * reader tell schema versions apart without a schema registry: a reader knows its own schema plus
 * the writer schemas it was given, resolves every compatible one to its own, and refuses the rest
 * with a reason.
 *
 * <p>Releasing a schema change: keep the previous release's {@code .avsc} files as a directory, and
 * give readers the versions they must read, newer readers the older schemas and older readers the
 * newer ones, with {@link io.statecast.wire.WireCodec#withWriterSchemasFrom} (one directory per
 * release) or {@link io.statecast.wire.WireCodec#withWriterSchemas}. Until then a reader knows
 * exactly its own schema, and a message from any other version is {@code UNKNOWN_SCHEMA}.
 *
 * <p>Decoding never throws for bad input: it returns a {@link io.statecast.wire.Decoded} that is
 * either the record or an {@link io.statecast.avro.ErrorKind} and a reason, ready to become a
 * {@link io.statecast.avro.DeadLetter}.
 */
package io.statecast.wire;
