package io.statecast.features;

import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.ModelSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * How far ahead of a key's last accepted observation (or of a partition's newest event time) one
 * observation may jump before it is suspect: a record years ahead of its stream, yet in the past of
 * the wall clock, passes every check of a single record, but accepted it would make the key's next
 * valid observations late (they are behind it) and, through the watermark, other keys' too.
 *
 * <p>The default follows the data's cadence: {@value #DEFAULT_STEPS} times the typical gap between
 * a key's observations, which a model with a gap feature learnt from its training data (the gap
 * feature's mean, in days), and at least one day; {@link #WITHOUT_CADENCE} for a model without one.
 * Daily data thus allows a jump of about 2.7 years, hourly data of about 42 days.
 *
 * <p>A jump is not always an error: a key (or a partition) may really resume after a long pause. So
 * a suspect record is set aside and remembered, and a second record that follows it within the
 * bound, with nothing accepted in between, confirms the jump: from then on the stream continues
 * there. One stray record therefore costs only itself; a real pause costs its first record, which
 * is a dead letter with the reason (and can be replayed).
 */
public final class EventTimeJump {

  /** The default bound in typical gaps. */
  public static final int DEFAULT_STEPS = 1000;

  /** The default bound for a model whose inputs tell no cadence. */
  public static final Duration WITHOUT_CADENCE = Duration.ofDays(365);

  private static final long DAY_MS = 86_400_000L;

  private EventTimeJump() {}

  /** {@code given}, or when it is null the default bound for {@code spec}. */
  public static Duration orDefault(Duration given, ModelSpec spec) {
    return given != null ? given : defaultFor(spec);
  }

  /** The default bound for {@code spec}: see the class comment. */
  public static Duration defaultFor(ModelSpec spec) {
    for (FeatureSpec f : spec.inputs().features()) {
      if (f.kind() == FeatureKind.GAP_DAYS && f.mean() > 0 && Double.isFinite(f.mean())) {
        long millis = (long) Math.min(Long.MAX_VALUE / 2.0, DEFAULT_STEPS * f.mean() * DAY_MS);
        return Duration.ofMillis(Math.max(DAY_MS, millis));
      }
    }
    return WITHOUT_CADENCE;
  }

  /** The reason of a dead letter for an event {@code t} that jumped past {@code from}. */
  public static String reason(long t, long from, String fromWhat, Duration bound) {
    return "event time "
        + Instant.ofEpochMilli(t)
        + " is "
        + Duration.ofMillis(t - from).toDays()
        + " days ahead of "
        + fromWhat
        + " ("
        + Instant.ofEpochMilli(from)
        + "), more than the allowed jump of "
        + bound.toDays()
        + " days (--max-event-time-jump); a second observation after it within that bound"
        + " confirms the jump";
  }
}
