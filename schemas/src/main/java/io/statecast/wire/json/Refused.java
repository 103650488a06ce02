package io.statecast.wire.json;

/**
 * A JSON value that could not be read as the record, with the reason: thrown while reading (by
 * {@link JsonRecordReader} and {@link JsonScalars}) and turned into a {@code Decoded.Failed} by
 * {@link JsonCodec#decode(byte[])}, so a bad value never escapes the codec as an exception. It has
 * no stack trace: refusals are expected and frequent, and the reason says all there is to say.
 */
final class Refused extends Exception {
  Refused(String reason) {
    super(reason, null, false, false);
  }
}
