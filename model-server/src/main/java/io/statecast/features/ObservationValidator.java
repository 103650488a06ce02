package io.statecast.features;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a decoded observation may become a step of the model: a key that is present and
 * not oversized, a plausible event time, finite values within range, and the number of features the
 * model expects. Anything else is a dead letter with a {@link ErrorKind} and a reason: nothing a
 * producer sends may crash the job or vanish silently.
 *
 * <p>Event time 0 is refused on its own: it is the Unix epoch, the value a producer sends when it
 * forgot to set the time.
 */
public final class ObservationValidator {

  /** Why an observation was refused. */
  public record Problem(ErrorKind kind, String reason) {}

  private final ValidationRules rules;
  private final int requiredFeatures;

  /**
   * A validator for a model that reads {@code requiredFeatures} positional features (see {@link
   * FeatureEncoder#requiredFeatureCount()}).
   */
  public ObservationValidator(ValidationRules rules, int requiredFeatures) {
    this.rules = rules;
    this.requiredFeatures = requiredFeatures;
  }

  /** The first problem of {@code o}, or null when it is usable. */
  public Problem check(Observation o, long nowMillis) {
    Problem p = checkKey(o.getKey());
    if (p == null) {
      p = checkTime(o.getEventTime(), nowMillis);
    }
    if (p == null) {
      p = checkCount(o.getFeatures().size());
    }
    if (p == null) {
      p = checkValues(o);
    }
    return p;
  }

  private Problem checkKey(String key) {
    if (key == null || key.isBlank()) {
      return new Problem(
          ErrorKind.MISSING_KEY, key == null ? "the key is null" : "the key is blank");
    }
    if (key.length() > rules.maxKeyBytes()
        || key.getBytes(StandardCharsets.UTF_8).length > rules.maxKeyBytes()) {
      return new Problem(
          ErrorKind.OVERSIZED_KEY,
          "the key has "
              + key.getBytes(StandardCharsets.UTF_8).length
              + " bytes, more than the limit of "
              + rules.maxKeyBytes());
    }
    return null;
  }

  private Problem checkTime(long t, long now) {
    if (t == 0 && rules.epochZeroIsUnset()) {
      return new Problem(
          ErrorKind.ABSURD_TIMESTAMP,
          "event time 0 is the Unix epoch (1970-01-01T00:00:00Z): the producer most likely did not"
              + " set it (for data that spans that instant: --accept-epoch-zero)");
    }
    if (t < rules.minEventTime()) {
      return new Problem(
          ErrorKind.ABSURD_TIMESTAMP,
          "event time "
              + instant(t)
              + " is before the earliest accepted, "
              + instant(rules.minEventTime()));
    }
    long latest = now + rules.maxAheadOfNow().toMillis();
    if (t > latest) {
      return new Problem(
          ErrorKind.ABSURD_TIMESTAMP,
          "event time " + instant(t) + " is more than " + rules.maxAheadOfNow() + " in the future");
    }
    return null;
  }

  private Problem checkCount(int count) {
    int expected =
        rules.expectedFeatureCount() >= 0 ? rules.expectedFeatureCount() : requiredFeatures;
    if (count != expected) {
      return new Problem(
          ErrorKind.WRONG_FEATURE_COUNT,
          "the observation has " + count + " features; the model expects " + expected);
    }
    return null;
  }

  private Problem checkValues(Observation o) {
    List<Float> features = o.getFeatures();
    for (int i = 0; i < features.size(); i++) {
      Float v = features.get(i);
      if (!acceptable(v)) {
        return refused("feature " + i, v);
      }
    }
    for (Map.Entry<String, Float> e : o.getNamed().entrySet()) {
      if (!acceptable(e.getValue())) {
        return refused("named feature '" + e.getKey() + "'", e.getValue());
      }
    }
    Float target = o.getTarget();
    return target == null || acceptable(target) ? null : refused("the target", target);
  }

  /** Finite and within the accepted magnitude (checked per value, so no text is built here). */
  private boolean acceptable(Float v) {
    return v != null && Float.isFinite(v) && Math.abs(v) <= rules.maxAbsValue();
  }

  /** Why {@code v}, which {@link #acceptable} refused, is refused; {@code what} names it. */
  private Problem refused(String what, Float v) {
    if (v == null || !Float.isFinite(v)) {
      return new Problem(ErrorKind.NON_FINITE_VALUE, what + " is " + v);
    }
    return new Problem(
        ErrorKind.NON_FINITE_VALUE,
        what + " is " + v + ", beyond the accepted magnitude " + rules.maxAbsValue());
  }

  private static String instant(long millis) {
    try {
      return Instant.ofEpochMilli(millis).toString();
    } catch (RuntimeException e) {
      return millis + " ms";
    }
  }
}
