package io.statecast.data;

import java.util.Locale;

/**
 * How the time column of a data file is written ({@code --time-format}).
 *
 * <p>{@link #AUTO} reads every form of {@link TimeParser}; an epoch value is then told by its
 * number of digits (see {@link TimeParser#EPOCH_RULE}). The epoch forms read only signed integers,
 * in their unit; {@link #ISO} reads only the text forms.
 */
public enum TimeFormat {
  /** Any text form, and epoch values by their number of digits. */
  AUTO,
  /** Only the text forms (dates, week dates, year-months, date-times). */
  ISO,
  /** Only integers, in seconds since 1970-01-01T00:00Z. */
  EPOCH_S,
  /** Only integers, in milliseconds since 1970-01-01T00:00Z. */
  EPOCH_MS;

  /** The option's spelling: {@code auto}, {@code iso}, {@code epoch-s}, {@code epoch-ms}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The format an option names, in any case, with {@code -} or {@code _}. */
  public static TimeFormat parse(String text) {
    String s = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (TimeFormat f : values()) {
      if (f.name().equals(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown time format '" + text + "' (expected auto, iso, epoch-s or epoch-ms)");
  }
}
