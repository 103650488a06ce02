package io.statecast.cli;

import io.statecast.data.CsvSeriesReader;
import java.time.ZoneId;

/**
 * Event times as input files write them: epoch milliseconds (digits, optionally signed), or the
 * text forms the training data's CSV reader accepts ({@link CsvSeriesReader#parseTime}): an ISO
 * date, week date or year-month (midnight UTC), a date-time with an offset, {@code Z} or a region,
 * or a local date-time in a zone.
 */
final class EventTimes {

  private EventTimes() {}

  /** Epoch milliseconds of {@code text}, or null when it is none of the accepted forms. */
  static Long parse(String text, ZoneId zone) {
    String s = text.strip();
    if (s.isEmpty()) {
      return null;
    }
    if (isInteger(s)) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return CsvSeriesReader.parseTime(s, zone);
  }

  private static boolean isInteger(String s) {
    int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
