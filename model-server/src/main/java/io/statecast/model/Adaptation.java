package io.statecast.model;

/**
 * How a quantile head's forecasts adapt online per key as actuals arrive ({@link
 * io.statecast.features.AdaptiveQuantiles}): the step of the offset that moves the whole forecast
 * (tracked on the median) and the step of each other level's own offset (the bounds of the
 * intervals), both in the key's standard deviations; 0 turns one off.
 *
 * @param median the median's step {@code η_m}
 * @param intervals the other levels' step {@code η_q}
 */
public record Adaptation(double median, double intervals) {

  public Adaptation {
    check("median", median);
    check("intervals", intervals);
  }

  /** No adaptation: both steps 0 (a head normalises it to none). */
  public static final Adaptation NONE = new Adaptation(0, 0);

  /** Whether both steps are 0. */
  public boolean none() {
    return median == 0 && intervals == 0;
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "head.adaptation." + name + " must be between 0 and 1, got " + rate);
    }
  }
}
