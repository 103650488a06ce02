package io.statecast.eval;

import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.HeadSpec;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * One method's forecasts for one key from the origins {@code t ≥ first} of the protocol, in target
 * units: a point forecast and, for a method with intervals, its quantiles at the evaluation's
 * {@link QuantileLevels}.
 */
interface Forecaster {

  /** Whether it forecasts {@code h} steps ahead. */
  default boolean covers(int h) {
    return true;
  }

  /** {@code ŷ_{t+h|t}}. */
  double point(int t, int h);

  /**
   * Fills {@code q[i]} with the {@code τ_i}-quantile of {@code y_{t+h}}.
   *
   * @return false when the method has no quantiles there ({@code q} untouched)
   */
  boolean quantiles(int t, int h, double[] q);

  /**
   * The model's forecasts: after observation {@code t}, the head's row in units ({@link
   * FeatureEncoder#forecastToUnits}, which also sorts the quantiles and clips), adapted online when
   * {@code adaptive} is given, as served: the key's adaptation starts at its first observation and
   * scores every actual {@code y_t} ({@link AdaptiveQuantiles#step}). The point forecast is the
   * median's block of a quantile head ({@link HeadSpec#pointOffset()}).
   *
   * @param raw the head's outputs after every observation ({@link StreamingRun#headOutputs})
   * @param y the key's targets in units
   * @param adaptive the online adaptation, or null for none
   */
  static Forecaster model(
      String key,
      float[] raw,
      double[] y,
      int first,
      FeatureEncoder encoder,
      HeadSpec head,
      AdaptiveQuantiles adaptive) {
    int w = head.outputs();
    int horizon = head.horizon();
    int n = y.length;
    float[][] rows = new float[Math.max(0, n - first)][w];
    float[] row = new float[w];
    float[] adaptation = adaptive == null ? null : adaptive.initialState();
    double scale = encoder.targetScale(key);
    for (int t = 0; t < n; t++) {
      if (adaptive == null && t < first) {
        continue;
      }
      encoder.forecastToUnits(key, raw, t * w, w, row, 0);
      if (adaptive != null) {
        adaptive.step(adaptation, y[t], scale, row, 0);
      }
      if (t >= first) {
        System.arraycopy(row, 0, rows[t - first], 0, w);
      }
    }
    int point = head.pointOffset();
    boolean quantiles = head.probabilistic();
    return new Forecaster() {
      @Override
      public boolean covers(int h) {
        return h <= horizon;
      }

      @Override
      public double point(int t, int h) {
        return rows[t - first][point + h - 1];
      }

      @Override
      public boolean quantiles(int t, int h, double[] q) {
        if (!quantiles) {
          return false;
        }
        for (int i = 0; i < q.length; i++) {
          q[i] = rows[t - first][i * horizon + h - 1];
        }
        return true;
      }
    };
  }

  /** A naive baseline with its empirical residual quantiles ({@link Baselines}). */
  static Forecaster naive(Baselines.Naive f, double[] y, double[][] residualQuantiles) {
    return new Forecaster() {
      @Override
      public double point(int t, int h) {
        return f.forecast(y, t, h);
      }

      @Override
      public boolean quantiles(int t, int h, double[] q) {
        double[] r = residualQuantiles[h - 1];
        if (Double.isNaN(r[0])) {
          return false;
        }
        double p = point(t, h);
        for (int i = 0; i < q.length; i++) {
          q[i] = p + r[i];
        }
        return true;
      }
    };
  }

  /**
   * ETS with its analytic Gaussian intervals.
   *
   * @param points {@code points[t − first][h − 1]} ({@link Ets#forecasts})
   * @param variances {@code v_h} ({@link Ets#forecastVariances})
   */
  static Forecaster gaussian(
      double[][] points, int first, double[] variances, QuantileLevels levels) {
    NormalDistribution std = new NormalDistribution(null, 0, 1);
    double[] z = new double[levels.size()];
    for (int i = 0; i < z.length; i++) {
      z[i] = std.inverseCumulativeProbability(levels.level(i));
    }
    return new Forecaster() {
      @Override
      public double point(int t, int h) {
        return points[t - first][h - 1];
      }

      @Override
      public boolean quantiles(int t, int h, double[] q) {
        double sd = Math.sqrt(variances[h - 1]);
        for (int i = 0; i < q.length; i++) {
          q[i] = point(t, h) + z[i] * sd;
        }
        return true;
      }
    };
  }

  /**
   * Direct forecasts per horizon ({@link GbmBaseline.Forecasts}).
   *
   * @param horizons the horizons of the forecasts' columns
   */
  static Forecaster direct(GbmBaseline.Forecasts f, int first, int[] horizons) {
    return new Forecaster() {
      @Override
      public boolean covers(int h) {
        return index(h) >= 0;
      }

      @Override
      public double point(int t, int h) {
        return f.points()[t - first][index(h)];
      }

      @Override
      public boolean quantiles(int t, int h, double[] q) {
        if (f.quantiles() == null) {
          return false;
        }
        System.arraycopy(f.quantiles()[t - first][index(h)], 0, q, 0, q.length);
        return true;
      }

      private int index(int h) {
        for (int i = 0; i < horizons.length; i++) {
          if (horizons[i] == h) {
            return i;
          }
        }
        return -1;
      }
    };
  }
}
