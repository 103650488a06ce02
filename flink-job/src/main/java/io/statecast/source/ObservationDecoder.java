package io.statecast.source;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.features.ObservationValidator;
import io.statecast.features.ValidationRules;
import io.statecast.wire.Decoded;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.WireCodec;
import java.nio.ByteBuffer;

/**
 * Turns the bytes of one Kafka record into a {@link DecodedRecord}: decode (in the topic's value
 * format: {@link ValueCodec}, never throwing for bad input), then validate ({@link
 * ObservationValidator}). Every failure becomes a {@link DeadLetter} carrying the original bytes,
 * the source topic, partition and offset, the error kind and a reason. Not thread-safe only in the
 * sense that it is meant to live in one source reader; it holds no mutable state.
 */
public final class ObservationDecoder {

  /**
   * Largest payload (and record key) a dead letter carries: beyond it the bytes are cut and the
   * message says so, so that a dead letter always fits Kafka's default 1 MiB limit and writing it
   * can never fail the job.
   */
  public static final int MAX_DEAD_LETTER_BYTES = 400 * 1024;

  private final ValueCodec<Observation> codec;
  private final ObservationValidator validator;
  private final int maxRecordBytes;
  private final int maxKeyBytes;

  /**
   * @param rules validation limits
   * @param requiredFeatures positional features the model reads
   * @param maxRecordBytes larger record values are refused before decoding
   */
  public ObservationDecoder(ValidationRules rules, int requiredFeatures, int maxRecordBytes) {
    this(WireCodec.observations(), rules, requiredFeatures, maxRecordBytes);
  }

  /**
   * @param codec the topic's value format
   * @param rules validation limits
   * @param requiredFeatures positional features the model reads
   * @param maxRecordBytes larger record values are refused before decoding
   */
  public ObservationDecoder(
      ValueCodec<Observation> codec,
      ValidationRules rules,
      int requiredFeatures,
      int maxRecordBytes) {
    this.codec = codec;
    this.validator = new ObservationValidator(rules, requiredFeatures);
    this.maxRecordBytes = maxRecordBytes;
    this.maxKeyBytes = rules.maxKeyBytes();
  }

  /**
   * Decodes and validates one record; {@code now} is the wall clock in ms.
   *
   * @throws RegistryUnavailableException if the value's writer schema is in a schema registry that
   *     does not answer now (the record is not at fault)
   */
  public DecodedRecord decode(byte[] key, byte[] value, SourcePosition at, long now)
      throws RegistryUnavailableException {
    if (key != null && key.length > maxKeyBytes) {
      return dead(
          key,
          value,
          at,
          now,
          ErrorKind.OVERSIZED_KEY,
          "the Kafka record key has "
              + key.length
              + " bytes, more than the limit of "
              + maxKeyBytes);
    }
    if (value == null) {
      return dead(key, null, at, now, ErrorKind.UNDECODABLE, "the record has no value");
    }
    if (value.length > maxRecordBytes) {
      return dead(
          key,
          value,
          at,
          now,
          ErrorKind.UNDECODABLE,
          "the record has " + value.length + " bytes, more than the limit of " + maxRecordBytes);
    }
    Decoded<Observation> d = codec.decode(value);
    if (d instanceof Decoded.Failed<Observation> f) {
      return dead(key, value, at, now, f.kind(), f.reason());
    }
    Observation o = d.value();
    ObservationValidator.Problem p = validator.check(o, now);
    if (p != null) {
      return dead(key, value, at, now, p.kind(), p.reason());
    }
    return DecodedRecord.of(
        new ObservationEvent(o, at.timestamp(), at.topic(), at.partition(), at.offset(), value));
  }

  /**
   * A dead letter for an event that decoded but was refused downstream (late, duplicate, or not
   * encodable by the model), with the record's value as it arrived (re-encoded only for an event
   * restored from a savepoint that did not keep it).
   */
  public static DeadLetter deadLetterFor(
      ObservationEvent e, ErrorKind kind, String reason, long now) {
    return letter(
        null,
        e.payload != null ? e.payload : WireCodec.observations().encode(e.observation),
        new SourcePosition(e.topic, e.partition, e.offset, e.ingestTime),
        now,
        kind,
        reason);
  }

  private static DecodedRecord dead(
      byte[] key, byte[] value, SourcePosition at, long now, ErrorKind kind, String reason) {
    return DecodedRecord.dead(letter(key, value, at, now, kind, reason));
  }

  /** A dead letter of a record with these bytes at this position. */
  public static DeadLetter letter(
      byte[] key, byte[] value, SourcePosition at, long now, ErrorKind kind, String reason) {
    String cut = "";
    if (value != null && value.length > MAX_DEAD_LETTER_BYTES) {
      cut +=
          "; payload cut to its first " + MAX_DEAD_LETTER_BYTES + " of " + value.length + " bytes";
    }
    if (key != null && key.length > MAX_DEAD_LETTER_BYTES) {
      cut +=
          "; record key cut to its first " + MAX_DEAD_LETTER_BYTES + " of " + key.length + " bytes";
    }
    return DeadLetter.newBuilder()
        .setPayload(head(value))
        .setRecordKey(head(key))
        .setTopic(at.topic() == null ? "" : at.topic())
        .setPartition(at.partition())
        .setOffset(at.offset())
        .setRecordTimestamp(at.timestamp())
        .setKind(kind)
        .setMessage(reason + cut)
        .setFailedAt(now)
        .build();
  }

  private static ByteBuffer head(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_DEAD_LETTER_BYTES)).slice();
  }
}
