package io.statecast.eval;

/**
 * The naive baselines of the protocol, forecasting {@code y_{t+h}} from the observations up to the
 * origin {@code t} (positions are observation indices: for a key with missing days, "7 back" is
 * seven observations back):
 *
 * <pre>
 * persistence     ŷ_{t+h} = y_t
 * seasonal naive  ŷ_{t+h} = y_{t+h−m⌈h/m⌉}        (period m = 7: the same weekday last week)
 * mean of 7       ŷ_{t+h} = (y_{t−6} + … + y_t) / 7
 * </pre>
 *
 * (Hyndman and Athanasopoulos, "Forecasting: Principles and Practice", 3rd ed., §5.2.)
 */
public final class Baselines {

  /** The seasonal period of daily data. */
  public static final int PERIOD = 7;

  /** Values averaged by {@link #meanOfLast}. */
  public static final int MEAN_WINDOW = 7;

  private Baselines() {}

  public static double persistence(double[] y, int t, int h) {
    return y[t];
  }

  public static double seasonalNaive(double[] y, int t, int h) {
    int back = PERIOD * ((h + PERIOD - 1) / PERIOD);
    return y[t + h - back];
  }

  public static double meanOfLast(double[] y, int t, int h) {
    double s = 0;
    for (int i = t - MEAN_WINDOW + 1; i <= t; i++) {
      s += y[i];
    }
    return s / MEAN_WINDOW;
  }
}
