package io.statecast.features;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import io.statecast.model.Cadence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public holidays of a country or of one of its subdivisions, named by an ISO 3166 code: {@code
 * US}, {@code DE-BW} (Baden-Württemberg), {@code US-IL}. The calendars are Jollyday's (rules for
 * fixed dates, weekday rules such as "fourth Thursday of November", Easter-relative feasts and
 * weekend substitution, per country and subdivision); only {@link HolidayType#PUBLIC_HOLIDAY}s
 * count, and a holiday moved off a weekend counts on both its day and the day it is observed.
 *
 * <p>The holiday input of a model ({@link io.statecast.model.FeatureKind#HOLIDAYS}) reads {@link
 * #countAhead}: how many public holidays fall into the period {@code k} periods after the
 * observation's, so that a model forecasting {@code k} steps ahead knows the target period's
 * calendar. Dates are those of the event time in UTC, as for the other calendar features.
 *
 * <p>Thread-safe; each year's holidays are computed once.
 */
public final class HolidayCalendar {

  private static final Pattern CODE = Pattern.compile("[A-Za-z]{2}(-[A-Za-z0-9]{1,3})*");
  private static final long DAY_MS = 86_400_000L;

  private final String code;
  private final HolidayManager manager;
  private final String[] subdivisions;
  private final Map<Integer, Set<LocalDate>> years = new ConcurrentHashMap<>();

  private HolidayCalendar(String code, HolidayManager manager, String[] subdivisions) {
    this.code = code;
    this.manager = manager;
    this.subdivisions = subdivisions;
  }

  /**
   * The calendar of {@code code}: a country's two letters, then optionally its subdivisions, each
   * after a hyphen ({@code DE-BW}); case does not matter.
   *
   * @throws IllegalArgumentException for a malformed code, a country without a calendar or an
   *     unknown subdivision, naming what is available
   */
  public static HolidayCalendar of(String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "holiday calendar '" + code + "' is not an ISO 3166 code such as US, DE or DE-BW");
    }
    String[] parts = code.toLowerCase(Locale.ROOT).split("-");
    if (HolidayManager.getSupportedCalendarCodes().stream().noneMatch(parts[0]::equalsIgnoreCase)) {
      throw new IllegalArgumentException(
          "no holiday calendar for country '" + parts[0].toUpperCase(Locale.ROOT) + "'");
    }
    HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(parts[0]));
    CalendarHierarchy level = manager.getCalendarHierarchy();
    for (int i = 1; i < parts.length; i++) {
      CalendarHierarchy child = level.getChildren().get(parts[i]);
      if (child == null) {
        throw new IllegalArgumentException(
            "holiday calendar '"
                + code
                + "': no subdivision '"
                + parts[i].toUpperCase(Locale.ROOT)
                + "'; known: "
                + level.getChildren().keySet().stream()
                    .map(s -> s.toUpperCase(Locale.ROOT))
                    .sorted()
                    .collect(Collectors.joining(", ")));
      }
      level = child;
    }
    String canonical = code.toUpperCase(Locale.ROOT);
    return new HolidayCalendar(
        canonical, manager, Arrays.copyOfRange(parts, 1, parts.length, String[].class));
  }

  /** The calendar's code, upper case ({@code DE-BW}). */
  public String code() {
    return code;
  }

  /** Whether {@code date} is a public holiday. */
  public boolean isHoliday(LocalDate date) {
    return year(date.getYear()).contains(date);
  }

  /** The number of public holidays in {@code [from, to)}. */
  public int count(LocalDate from, LocalDate to) {
    int n = 0;
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      if (isHoliday(d)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The number of public holidays in the period that starts {@code ahead} periods of {@code
   * cadence} after {@code epochMillis}: the days {@code [date(t + ahead·P), date(t + (ahead +
   * 1)·P))} for periods of a day or longer (calendar months for monthly data), and whether the day
   * of {@code t + ahead·P} is a holiday for shorter ones (0 or 1).
   */
  public int countAhead(Cadence cadence, long epochMillis, int ahead) {
    if (cadence.kind() == Cadence.Kind.MONTHLY) {
      ZonedDateTime start =
          ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC)
              .plusMonths(ahead);
      return count(start.toLocalDate(), start.plusMonths(1).toLocalDate());
    }
    // UTC has no offset changes: the period's bounds are plain millisecond arithmetic, which keeps
    // this cheap on the streaming path (one call per holiday input and event)
    long period = cadence.period().toMillis();
    LocalDate start = day(epochMillis + ahead * period);
    if (period < DAY_MS) {
      return isHoliday(start) ? 1 : 0;
    }
    return count(start, day(epochMillis + (ahead + 1) * period));
  }

  private static LocalDate day(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MS));
  }

  private Set<LocalDate> year(int year) {
    return years.computeIfAbsent(
        year,
        y ->
            manager.getHolidays(Year.of(y), HolidayType.PUBLIC_HOLIDAY, subdivisions).stream()
                .flatMap(h -> Stream.of(h.getActualDate(), h.getDate()))
                .collect(Collectors.toUnmodifiableSet()));
  }

  @Override
  public String toString() {
    return code;
  }
}
