package io.statecast.cli;

import io.statecast.data.LoadedData;
import io.statecast.data.TimeFormat;
import io.statecast.data.TimeParser;
import io.statecast.features.HolidayCalendar;
import io.statecast.model.Cadence;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The data file a command reads ({@code train}, {@code evaluate}), how its times are written and
 * its cadence: a picocli mixin.
 */
final class DataOptions {

  @Option(names = "--data", required = true, description = "The data file (.csv or .avro).")
  Path data;

  @Option(names = "--strict", description = "Fail on the first bad row instead of skipping it.")
  boolean strict;

  @Option(
      names = "--time-format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      converter = TimeFormatConverter.class,
      description =
          "CSV times: auto (dates, week dates, year-months, date-times, epoch seconds or"
              + " milliseconds by their digits), iso (no epoch values), epoch-s or epoch-ms"
              + " (default: ${DEFAULT-VALUE}).")
  TimeFormat timeFormat = TimeFormat.AUTO;

  @Option(
      names = "--time-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "CSV: the zone of local date-times such as 2021-03-04 10:00 (default:"
              + " ${DEFAULT-VALUE}).")
  ZoneId timeZone = ZoneOffset.UTC;

  @Option(
      names = "--cadence",
      paramLabel = "CADENCE",
      converter = CadenceConverter.class,
      description =
          "hourly, daily, weekly, monthly or a period (PT15M, 15m); default: detected from the"
              + " median gap between a key's observations.")
  Cadence cadence;

  @Option(
      names = "--holidays",
      paramLabel = "CODE",
      converter = HolidaysConverter.class,
      description =
          "The public holiday calendar of the data's country or region, an ISO 3166 code (US,"
              + " IE, DE-BW): train adds the number of holidays in the observation's and the"
              + " target periods to the model's inputs; evaluate gives the boosted baseline the"
              + " same inputs (default: none).")
  HolidayCalendar holidays;

  /** Reads the data, telling {@code out} about the rows that were skipped and the cadence. */
  LoadedData read(PrintWriter out) throws IOException {
    LoadedData d =
        DataSupport.read(data, strict, new TimeParser(timeFormat, timeZone), out)
            .withCadence(cadence)
            .withHolidays(holidays == null ? null : holidays.code());
    out.printf("cadence: %s%s%n", d.cadence(), cadence == null ? " (detected)" : "");
    if (holidays != null) {
      out.printf("holidays: %s%n", holidays.code());
    }
    out.flush();
    return d;
  }

  /** {@code --time-format}. */
  static final class TimeFormatConverter implements ITypeConverter<TimeFormat> {
    @Override
    public TimeFormat convert(String value) {
      try {
        return TimeFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --holidays}: an ISO 3166 code with a holiday calendar. */
  static final class HolidaysConverter implements ITypeConverter<HolidayCalendar> {
    @Override
    public HolidayCalendar convert(String value) {
      try {
        return HolidayCalendar.of(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --cadence}: a name, an ISO period, or a short duration ({@code 15m}). */
  static final class CadenceConverter implements ITypeConverter<Cadence> {
    @Override
    public Cadence convert(String value) {
      try {
        return Cadence.parse(value);
      } catch (IllegalArgumentException e) {
        try {
          return Cadence.of(DurationConverter.parse(value));
        } catch (RuntimeException notDuration) {
          throw new TypeConversionException(e.getMessage());
        }
      }
    }
  }
}
