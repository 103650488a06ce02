/**
 * The {@code json} value format: {@link io.statecast.wire.json.JsonCodec} reads and writes each
 * record as one JSON object with the fields of its Avro schema by name (numbers, ISO-8601 text for
 * times, base64 for bytes, enum symbols as text), refusing bad input with a reason instead of
 * throwing, like the Avro codec.
 */
package io.statecast.wire.json;
