package io.statecast.data;

import io.statecast.model.Cadence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Tells a data set's {@link Cadence} from its event times: the median of the gaps between
 * consecutive observations of a key, over all keys (so missing periods, which make a few gaps
 * longer, do not move it).
 *
 * <ul>
 *   <li>A median of 28 to 31 days is {@link Cadence#MONTHLY} when most gaps of that length are one
 *       calendar month (the same day of the month and time of day one month later, or the last day
 *       of one month to the last of the next); otherwise it is a fixed period.
 *   <li>A median within 1% of an hour, a day or a week is {@link Cadence#HOURLY}, {@link
 *       Cadence#DAILY} or {@link Cadence#WEEKLY} (a day-light saving change makes one gap of local
 *       daily times 23 or 25 hours; clocks that drift a little stay on their cadence).
 *   <li>Any other median is a fixed period of that length.
 *   <li>A data set without two observations of one key is daily.
 * </ul>
 */
public final class CadenceDetector {

  private static final long DAY_MS = 86_400_000L;
  private static final double TOLERANCE = 0.01;

  private CadenceDetector() {}

  /** The cadence of {@code data}: see the class comment. */
  public static Cadence detect(SeriesSet data) {
    long[] gaps = gaps(data);
    if (gaps.length == 0) {
      return Cadence.DAILY;
    }
    long[] sorted = gaps.clone();
    Arrays.sort(sorted);
    long median = sorted[(sorted.length - 1) / 2];
    if (median >= 28 * DAY_MS && median <= 31 * DAY_MS) {
      return mostlyCalendarMonths(data) ? Cadence.MONTHLY : Cadence.of(Duration.ofMillis(median));
    }
    for (Cadence named : new Cadence[] {Cadence.HOURLY, Cadence.DAILY, Cadence.WEEKLY}) {
      long p = named.nominalPeriod().toMillis();
      if (Math.abs(median - p) <= TOLERANCE * p) {
        return named;
      }
    }
    return Cadence.of(Duration.ofMillis(median));
  }

  private static long[] gaps(SeriesSet data) {
    long n = data.observations() - data.keys();
    long[] out = new long[(int) Math.max(0, n)];
    int j = 0;
    for (KeyedSeries s : data.series()) {
      for (int i = 1; i < s.size(); i++) {
        out[j++] = s.time(i) - s.time(i - 1);
      }
    }
    return out;
  }

  private static boolean mostlyCalendarMonths(SeriesSet data) {
    long monthLike = 0;
    long calendar = 0;
    for (KeyedSeries s : data.series()) {
      for (int i = 1; i < s.size(); i++) {
        long gap = s.time(i) - s.time(i - 1);
        if (gap >= 28 * DAY_MS && gap <= 31 * DAY_MS) {
          monthLike++;
          calendar += oneMonthApart(s.time(i - 1), s.time(i)) ? 1 : 0;
        }
      }
    }
    return 2 * calendar > monthLike;
  }

  /** Whether {@code b} is one calendar month after {@code a} (UTC), month ends counting as such. */
  static boolean oneMonthApart(long a, long b) {
    LocalDateTime x = LocalDateTime.ofInstant(Instant.ofEpochMilli(a), ZoneOffset.UTC);
    LocalDateTime y = LocalDateTime.ofInstant(Instant.ofEpochMilli(b), ZoneOffset.UTC);
    if (x.plusMonths(1).equals(y)) {
      return true;
    }
    boolean xEnd = x.getDayOfMonth() == x.toLocalDate().lengthOfMonth();
    boolean yEnd = y.getDayOfMonth() == y.toLocalDate().lengthOfMonth();
    return xEnd
        && yEnd
        && x.toLocalTime().equals(y.toLocalTime())
        && x.toLocalDate()
            .plusMonths(1)
            .withDayOfMonth(1)
            .equals(y.toLocalDate().withDayOfMonth(1));
  }
}
