package io.statecast.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the time of one row into epoch milliseconds (UTC).
 *
 * <p>The forms, tried by their shape:
 *
 * <ul>
 *   <li>ISO date {@code 2024-01-31}: midnight UTC of that day;
 *   <li>ISO week date {@code 2024-W05-3} (day 1 = Monday … 7 = Sunday) or {@code 2024-W05} (its
 *       Monday): midnight UTC of that day; week 1 is the week with the year's first Thursday, so
 *       {@code 2020-W53-5} is 2021-01-01;
 *   <li>year-month {@code 2024-01}: midnight UTC of the month's first day;
 *   <li>date-time with an offset or {@code Z}: {@code 2024-01-31T06:00:00+01:00}, {@code
 *       2024-01-31T05:00Z};
 *   <li>date-time in a region {@code 2024-01-31T06:00:00[Europe/Dublin]} (an offset may precede the
 *       bracket);
 *   <li>local date-time {@code 2024-01-31T06:00} or {@code 2024-01-31 06:00:00}: in the reader's
 *       zone ({@code --time-zone}, UTC unless set); a time skipped by a daylight-saving change
 *       moves forward by the change, a repeated one takes the earlier offset;
 *   <li>epoch value: see {@link #EPOCH_RULE}.
 * </ul>
 *
 * <p>Dates, week dates and year-months name a calendar day, not an instant: they are midnight UTC
 * whatever the zone, so that the calendar features (computed in UTC) see that day.
 *
 * @param format which forms are accepted
 * @param zone the zone of local date-times
 */
public record TimeParser(TimeFormat format, ZoneId zone) {

  /** Any form, local date-times in UTC. */
  public static final TimeParser DEFAULT = new TimeParser(TimeFormat.AUTO, ZoneOffset.UTC);

  /**
   * How {@link TimeFormat#AUTO} tells epoch seconds from milliseconds: an unsigned integer of 9 to
   * 11 digits is seconds (1973-03-03 to 5138), one of 12 to 14 digits is milliseconds (the same
   * span); any other integer is refused, since a short one is more likely a compact date ({@code
   * 20240131}) than a time in 1970.
   */
  public static final String EPOCH_RULE =
      "epoch seconds (9-11 digits) or milliseconds (12-14 digits)";

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern WEEK = Pattern.compile("\\d{4}-W\\d{2}(-\\d)?");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,19}");
  private static final Pattern OFFSET = Pattern.compile(".*(Z|[+-]\\d{2}(:?\\d{2})?)$");
  private static final String TEXT_FORMS =
      "2024-01-31, 2024-W05, 2024-W05-3, 2024-01, 2024-01-31T06:00:00+01:00 (or Z),"
          + " 2024-01-31T06:00[Europe/Dublin], 2024-01-31 06:00 (local)";

  public TimeParser {
    if (format == null || zone == null) {
      throw new IllegalArgumentException("a time parser needs a format and a zone");
    }
  }

  /** What this parser accepts, for error messages. */
  public String accepted() {
    return switch (format) {
      case AUTO -> TEXT_FORMS + ", " + EPOCH_RULE;
      case ISO -> TEXT_FORMS;
      case EPOCH_S -> "integer epoch seconds (--time-format epoch-s)";
      case EPOCH_MS -> "integer epoch milliseconds (--time-format epoch-ms)";
    };
  }

  /** Epoch milliseconds of {@code text}, or null when it is not one of the accepted forms. */
  public Long parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return switch (format) {
        case EPOCH_S ->
            INTEGER.matcher(s).matches() ? Math.multiplyExact(Long.parseLong(s), 1000L) : null;
        case EPOCH_MS -> INTEGER.matcher(s).matches() ? Long.parseLong(s) : null;
        case ISO -> text(s);
        case AUTO ->
            Character.isDigit(s.charAt(0)) && s.chars().allMatch(Character::isDigit)
                ? autoEpoch(s)
                : text(s);
      };
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Long autoEpoch(String digits) {
    int n = digits.length();
    if (n >= 9 && n <= 11) {
      return Long.parseLong(digits) * 1000L;
    }
    return n >= 12 && n <= 14 ? Long.parseLong(digits) : null;
  }

  private Long text(String s) {
    if (DATE.matcher(s).matches()) {
      return midnight(LocalDate.parse(s));
    }
    String upper = s.toUpperCase(Locale.ROOT);
    if (WEEK.matcher(upper).matches()) {
      String full = upper.length() == 8 ? upper + "-1" : upper;
      return midnight(LocalDate.parse(full, DateTimeFormatter.ISO_WEEK_DATE));
    }
    if (MONTH.matcher(s).matches()) {
      return midnight(YearMonth.parse(s).atDay(1));
    }
    String iso =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    int bracket = iso.indexOf('[');
    if (bracket > 0 && iso.endsWith("]")) {
      ZoneId region = ZoneId.of(iso.substring(bracket + 1, iso.length() - 1));
      String local = iso.substring(0, bracket);
      if (OFFSET.matcher(local.toUpperCase(Locale.ROOT)).matches()) {
        String withZone = local.toUpperCase(Locale.ROOT) + iso.substring(bracket);
        return ZonedDateTime.parse(withZone).toInstant().toEpochMilli();
      }
      return LocalDateTime.parse(local).atZone(region).toInstant().toEpochMilli();
    }
    if (iso.length() > 16 && OFFSET.matcher(iso.toUpperCase(Locale.ROOT)).matches()) {
      return OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant().toEpochMilli();
    }
    return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
  }

  private static long midnight(LocalDate day) {
    return day.toEpochDay() * 86_400_000L;
  }
}
