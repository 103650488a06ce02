package io.statecast.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.statecast.avro.ErrorKind;

/** Assertions on {@link Decoded} that check what failed and that the reason says why. */
final class DecodedAssertions {

  private DecodedAssertions() {}

  /** The value of a decoded record, failing the test with the reason if there is none. */
  static <T> T assertOk(Decoded<T> decoded) {
    if (decoded instanceof Decoded.Failed<T> failed) {
      fail("expected a record, got " + failed);
    }
    return decoded.value();
  }

  /** Asserts a failure of {@code kind} whose reason contains each of {@code words}. */
  static Decoded.Failed<?> assertFailed(Decoded<?> decoded, ErrorKind kind, String... words) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    Decoded.Failed<?> failed = (Decoded.Failed<?>) decoded;
    assertThat(failed.kind()).as("kind of %s", failed).isEqualTo(kind);
    assertThat(failed.reason()).contains(words);
    return failed;
  }
}
