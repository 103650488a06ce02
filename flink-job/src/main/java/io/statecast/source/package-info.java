/**
 * The input side of the job: Kafka records of Avro {@code Observation}s, decoded and validated as
 * they are read, so that bad input becomes a dead letter with its original bytes and source
 * position before it can touch a watermark or a key's state.
 */
package io.statecast.source;
