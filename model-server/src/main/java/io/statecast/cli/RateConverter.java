package io.statecast.cli;

import java.util.Locale;
import java.util.OptionalDouble;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A replay rate on the command line ({@code produce --rate}, {@code demo --speed}): events per
 * second, a positive finite number, or {@code max} (any case) for as fast as possible ({@code
 * +Infinity}).
 */
public final class RateConverter implements ITypeConverter<Double> {

  /** The rate {@code text} names, or empty when it names none. */
  public static OptionalDouble parse(String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    if (v.equals("max")) {
      return OptionalDouble.of(Double.POSITIVE_INFINITY);
    }
    try {
      double r = Double.parseDouble(v);
      if (r > 0 && Double.isFinite(r)) {
        return OptionalDouble.of(r);
      }
    } catch (NumberFormatException e) {
      // names no rate
    }
    return OptionalDouble.empty();
  }

  @Override
  public Double convert(String value) {
    return parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'" + value + "' is not a rate: a positive number of events a second, or max"));
  }
}
