package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * How often a data set's keys are observed: hourly, daily, weekly, monthly (calendar months) or a
 * fixed period. A model stores it in {@code inputs.cadence}; it decides:
 *
 * <ul>
 *   <li>the calendar features ({@link #calendar}): hourly data sees the time of day and the day of
 *       the week, daily data the day of the week and of the year, weekly data the day of the year
 *       (a day-of-week phase would be constant), monthly data the month of the year;
 *   <li>the unit of the gap feature ({@link #periods}): the time since the key's previous
 *       observation in periods, so a regular series has gap 1 whatever its cadence;
 *   <li>the season of the baselines ({@link #seasonalPeriod}): 24, 7, 52 and 12 observations;
 *   <li>the default bounds that scale with the data's pace ({@link #nominalPeriod}).
 * </ul>
 *
 * <p>A fixed period is written as an ISO-8601 duration ({@code PT15M}); one of exactly an hour, a
 * day or seven days is the named cadence. Its calendar features are hourly data's under a day,
 * daily data's under a week, weekly data's under 28 days and monthly data's above; its season is
 * the day when the period divides a day, else the week when it divides a week, else the year
 * (rounded to whole periods).
 *
 * @param kind which cadence
 * @param period the period of a {@link Kind#FIXED} cadence, the nominal period of the others
 */
public record Cadence(Kind kind, Duration period) {

  /** The kinds of cadence. */
  public enum Kind {
    HOURLY,
    DAILY,
    WEEKLY,
    MONTHLY,
    FIXED
  }

  /** The mean Gregorian month, 365.2425 / 12 days: the nominal period of monthly data. */
  public static final Duration MEAN_MONTH = Duration.ofSeconds(2_629_746);

  public static final Cadence HOURLY = new Cadence(Kind.HOURLY, Duration.ofHours(1));
  public static final Cadence DAILY = new Cadence(Kind.DAILY, Duration.ofDays(1));
  public static final Cadence WEEKLY = new Cadence(Kind.WEEKLY, Duration.ofDays(7));
  public static final Cadence MONTHLY = new Cadence(Kind.MONTHLY, MEAN_MONTH);

  /** What {@link #parse} accepts, for messages. */
  public static final String ACCEPTED = "hourly, daily, weekly, monthly or a period like PT15M";

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);
  private static final double YEAR_SECONDS = 365.2425 * 86_400;

  public Cadence {
    if (kind == null || period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a cadence needs a kind and a positive period");
    }
    if (kind != Kind.FIXED && !period.equals(nominal(kind))) {
      throw new IllegalArgumentException(kind + " data has the period " + nominal(kind));
    }
  }

  /** The cadence of a fixed period; an hour, a day or a week gives the named cadence. */
  public static Cadence of(Duration period) {
    if (Duration.ofHours(1).equals(period)) {
      return HOURLY;
    }
    if (DAY.equals(period)) {
      return DAILY;
    }
    if (WEEK.equals(period)) {
      return WEEKLY;
    }
    return new Cadence(Kind.FIXED, period);
  }

  /**
   * The cadence that {@code text} names: {@code hourly}, {@code daily}, {@code weekly}, {@code
   * monthly} (any case) or an ISO-8601 duration such as {@code PT15M} or {@code P2D}.
   *
   * @throws IllegalArgumentException when it is none of them
   */
  @JsonCreator
  public static Cadence parse(String text) {
    String s = text == null ? "" : text.strip();
    switch (s.toLowerCase(Locale.ROOT)) {
      case "hourly":
        return HOURLY;
      case "daily":
        return DAILY;
      case "weekly":
        return WEEKLY;
      case "monthly":
        return MONTHLY;
      default:
        break;
    }
    try {
      Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
      if (!d.isNegative() && !d.isZero()) {
        return of(d);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "unknown cadence '" + text + "' (expected " + ACCEPTED + ")");
  }

  /** The name {@link #parse} reads back: {@code daily}, or the ISO duration of a fixed period. */
  @JsonValue
  public String label() {
    return kind == Kind.FIXED ? period.toString() : kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }

  /** The length of one period; a month counts as {@link #MEAN_MONTH}. */
  public Duration nominalPeriod() {
    return period;
  }

  /**
   * The number of observations in one season, the lag of a seasonal naive forecast: 24 for hourly
   * data (a day), 7 for daily (a week), 52 for weekly (a year), 12 for monthly (a year); a fixed
   * period as the class comment says.
   */
  public int seasonalPeriod() {
    return switch (kind) {
      case HOURLY -> 24;
      case DAILY -> 7;
      case WEEKLY -> 52;
      case MONTHLY -> 12;
      case FIXED -> fixedSeason();
    };
  }

  private int fixedSeason() {
    long p = period.toMillis();
    if (p > 0 && p <= DAY.toMillis() && DAY.toMillis() % p == 0) {
      return (int) (DAY.toMillis() / p);
    }
    if (p > 0 && p <= WEEK.toMillis() && WEEK.toMillis() % p == 0) {
      return (int) (WEEK.toMillis() / p);
    }
    return (int) Math.max(1, Math.round(YEAR_SECONDS / (period.toMillis() / 1000.0)));
  }

  /**
   * The time from {@code fromMillis} to {@code toMillis} in periods. For monthly data it counts
   * calendar months (UTC), a month's fraction in days of the month it lies in, so the first of one
   * month to the first of the next is exactly 1 however long the month; for the others it is the
   * time divided by the period.
   */
  public double periods(long fromMillis, long toMillis) {
    if (kind != Kind.MONTHLY) {
      return (toMillis - fromMillis) / (double) period.toMillis();
    }
    return monthCoordinate(toMillis) - monthCoordinate(fromMillis);
  }

  /** Months since 1970-01 plus the elapsed fraction of the month, in UTC. */
  private static double monthCoordinate(long millis) {
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    LocalDateTime start = t.toLocalDate().withDayOfMonth(1).atStartOfDay();
    double length = t.toLocalDate().lengthOfMonth() * 86_400_000.0;
    double into = ChronoUnit.MILLIS.between(start, t) / length;
    return (t.getYear() - 1970) * 12.0 + t.getMonthValue() - 1 + into;
  }

  /** The calendar features of this cadence, in input order (see the class comment). */
  public List<FeatureKind> calendar() {
    Kind like = kind != Kind.FIXED ? kind : nearestNamed();
    return switch (like) {
      case HOURLY ->
          List.of(
              FeatureKind.HOUR_OF_DAY_SIN,
              FeatureKind.HOUR_OF_DAY_COS,
              FeatureKind.DAY_OF_WEEK_SIN,
              FeatureKind.DAY_OF_WEEK_COS);
      case DAILY ->
          List.of(
              FeatureKind.DAY_OF_WEEK_SIN,
              FeatureKind.DAY_OF_WEEK_COS,
              FeatureKind.DAY_OF_YEAR_SIN,
              FeatureKind.DAY_OF_YEAR_COS);
      case WEEKLY -> List.of(FeatureKind.DAY_OF_YEAR_SIN, FeatureKind.DAY_OF_YEAR_COS);
      default -> List.of(FeatureKind.MONTH_OF_YEAR_SIN, FeatureKind.MONTH_OF_YEAR_COS);
    };
  }

  private Kind nearestNamed() {
    if (period.compareTo(DAY) < 0) {
      return Kind.HOURLY;
    }
    if (period.compareTo(WEEK) < 0) {
      return Kind.DAILY;
    }
    return period.compareTo(Duration.ofDays(28)) < 0 ? Kind.WEEKLY : Kind.MONTHLY;
  }

  private static Duration nominal(Kind kind) {
    return switch (kind) {
      case HOURLY -> Duration.ofHours(1);
      case DAILY -> Duration.ofDays(1);
      case WEEKLY -> Duration.ofDays(7);
      case MONTHLY -> Duration.ofSeconds(2_629_746);
      case FIXED -> null;
    };
  }
}
