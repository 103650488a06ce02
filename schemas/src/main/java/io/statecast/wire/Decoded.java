package io.statecast.wire;

import io.statecast.avro.ErrorKind;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one message: the record ({@link Ok}) or why there is none ({@link
 * Failed}). A failure carries the {@link ErrorKind} and a human-readable reason, which is what a
 * {@link io.statecast.avro.DeadLetter} needs next to the original bytes.
 *
 * @param <T> the record type
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Failed {

  /** A decoded record. */
  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A message that did not decode, with the class of error and a reason. */
  record Failed<T>(ErrorKind kind, String reason) implements Decoded<T> {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "Failed[" + kind + ": " + reason + "]";
    }
  }

  /** A decoded record. */
  static <T> Decoded<T> ok(T value) {
    return new Ok<>(value);
  }

  /** A failure of the given kind. */
  static <T> Decoded<T> failed(ErrorKind kind, String reason) {
    return new Failed<>(kind, reason);
  }

  /** Whether this is a record. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /**
   * The record.
   *
   * @throws IllegalStateException if decoding failed; its message is the kind and the reason
   */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    Failed<T> failed = (Failed<T>) this;
    throw new IllegalStateException(failed.kind() + ": " + failed.reason());
  }

  /** The record, or empty if decoding failed. */
  default Optional<T> toOptional() {
    return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
  }
}
