package io.statecast.features;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * What makes an observation usable, beyond decoding: the limits of {@link ObservationValidator}.
 *
 * @param maxKeyBytes longest key accepted, in UTF-8 bytes
 * @param minEventTime earliest event time accepted (ms since the epoch)
 * @param maxAheadOfNow how far in the future of the wall clock an event time may be
 * @param maxAbsValue largest magnitude of a feature or target value; beyond it a value is treated
 *     like an infinite one (1e38 fits a float but wrecks a recurrent state)
 * @param expectedFeatureCount exact number of positional features an observation must carry, or -1
 *     for exactly as many as the model reads
 * @param epochZeroIsUnset whether event time 0 (1970-01-01T00:00:00Z) is refused as a producer that
 *     did not set the time; historical data that spans that instant turns this off
 */
public record ValidationRules(
    int maxKeyBytes,
    long minEventTime,
    Duration maxAheadOfNow,
    double maxAbsValue,
    int expectedFeatureCount,
    boolean epochZeroIsUnset)
    implements Serializable {

  /**
   * Keys up to 256 bytes; event times from 1900 to a day ahead, except exactly the epoch; values
   * within ±1e15.
   */
  public static final ValidationRules DEFAULTS =
      new ValidationRules(
          256,
          Instant.parse("1900-01-01T00:00:00Z").toEpochMilli(),
          Duration.ofDays(1),
          1e15,
          -1,
          true);

  public ValidationRules {
    if (maxKeyBytes < 1) {
      throw new IllegalArgumentException("maxKeyBytes must be positive, got " + maxKeyBytes);
    }
    if (maxAheadOfNow == null || maxAheadOfNow.isNegative()) {
      throw new IllegalArgumentException("maxAheadOfNow must be a non-negative duration");
    }
    if (!(maxAbsValue > 0)) {
      throw new IllegalArgumentException("maxAbsValue must be positive, got " + maxAbsValue);
    }
    if (expectedFeatureCount < -1) {
      throw new IllegalArgumentException(
          "expectedFeatureCount must be -1 (as the model reads) or a count, got "
              + expectedFeatureCount);
    }
  }

  /** The same rules with an exact positional feature count. */
  public ValidationRules withExpectedFeatureCount(int count) {
    return new ValidationRules(
        maxKeyBytes, minEventTime, maxAheadOfNow, maxAbsValue, count, epochZeroIsUnset);
  }

  /** The same rules with another earliest event time. */
  public ValidationRules withMinEventTime(long millis) {
    return new ValidationRules(
        maxKeyBytes, millis, maxAheadOfNow, maxAbsValue, expectedFeatureCount, epochZeroIsUnset);
  }

  /** The same rules accepting event time 0 (for data that spans 1970-01-01T00:00:00Z). */
  public ValidationRules withEpochZeroAccepted() {
    return new ValidationRules(
        maxKeyBytes, minEventTime, maxAheadOfNow, maxAbsValue, expectedFeatureCount, false);
  }
}
