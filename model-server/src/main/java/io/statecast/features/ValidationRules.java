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
   * within ±1e15; as many positional features as the model reads.
   */
  public static final ValidationRules DEFAULTS = builder().build();

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

  /** A builder with the {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these rules, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxKeyBytes = maxKeyBytes;
    b.minEventTime = minEventTime;
    b.maxAheadOfNow = maxAheadOfNow;
    b.maxAbsValue = maxAbsValue;
    b.expectedFeatureCount = expectedFeatureCount;
    b.epochZeroIsUnset = epochZeroIsUnset;
    return b;
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private int maxKeyBytes = 256;
    private long minEventTime = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
    private Duration maxAheadOfNow = Duration.ofDays(1);
    private double maxAbsValue = 1e15;
    private int expectedFeatureCount = -1;
    private boolean epochZeroIsUnset = true;

    private Builder() {}

    public Builder setMaxKeyBytes(int bytes) {
      this.maxKeyBytes = bytes;
      return this;
    }

    /** The earliest accepted event time, ms since the epoch. */
    public Builder setMinEventTime(long millis) {
      this.minEventTime = millis;
      return this;
    }

    public Builder setMaxAheadOfNow(Duration ahead) {
      this.maxAheadOfNow = ahead;
      return this;
    }

    public Builder setMaxAbsValue(double value) {
      this.maxAbsValue = value;
      return this;
    }

    /** An exact positional feature count (-1: as many as the model reads). */
    public Builder setExpectedFeatureCount(int count) {
      this.expectedFeatureCount = count;
      return this;
    }

    /** Accept event time 0 (for data that spans 1970-01-01T00:00:00Z), refused by default. */
    public Builder setAcceptEpochZero(boolean accept) {
      this.epochZeroIsUnset = !accept;
      return this;
    }

    public ValidationRules build() {
      return new ValidationRules(
          maxKeyBytes,
          minEventTime,
          maxAheadOfNow,
          maxAbsValue,
          expectedFeatureCount,
          epochZeroIsUnset);
    }
  }
}
