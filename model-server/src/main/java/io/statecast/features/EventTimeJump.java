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
 * a key's observations. That is {@value #DEFAULT_STEPS} periods of the model's {@link
 * io.statecast.model.Cadence} (times the gap feature's training mean, in periods, when the model
 * has one), or for a model written before the cadence was stored, whose gap feature counts days,
 * {@value #DEFAULT_STEPS} times that feature's mean (at least one day). Daily data thus allows a
 * jump of about 2.7 years, hourly data of about 42 days, weekly data of about 19 years.
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

  private static final long DAY_MS = 86_400_000L;

  private EventTimeJump() {}

  /** {@code given}, or when it is null the default bound for {@code spec}. */
  public static Duration orDefault(Duration given, ModelSpec spec) {
    return given != null ? given : defaultFor(spec);
  }

  /** The default bound for {@code spec}: see the class comment. */
  public static Duration defaultFor(ModelSpec spec) {
    double periods = DEFAULT_STEPS;
    for (FeatureSpec f : spec.inputs().features()) {
      boolean typical = f.mean() > 0 && Double.isFinite(f.mean());
      if (f.kind() == FeatureKind.GAP_DAYS && typical) {
        return Duration.ofMillis(Math.max(DAY_MS, millis(DEFAULT_STEPS * f.mean() * DAY_MS)));
      }
      if (f.kind() == FeatureKind.GAP_PERIODS && typical) {
        periods = DEFAULT_STEPS * f.mean();
      }
    }
    return Duration.ofMillis(millis(periods * spec.inputs().cadence().nominalPeriod().toMillis()));
  }

  private static long millis(double v) {
    return (long) Math.min(Long.MAX_VALUE / 2.0, v);
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
