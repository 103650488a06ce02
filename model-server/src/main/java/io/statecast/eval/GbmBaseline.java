package io.statecast.eval;

import io.statecast.data.KeyedSeries;
import io.statecast.features.HolidayCalendar;
import io.statecast.model.Cadence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The practitioner's baseline: one global gradient-boosted tree model on lags (the approach of the
 * M5 competition's winners; Makridakis, Spiliotis and Assimakopoulos 2022), fitted with XGBoost
 * (Chen and Guestrin 2016) on every key's training part, one model per horizon {@code h} (the
 * direct strategy). For origin {@code t} of a key with training mean {@code μ_k} and standard
 * deviation {@code σ_k}, {@code z = (y − μ_k) / σ_k}, the features ({@link #features}) are
 *
 * <pre>
 * z_t, z_{t−1}, …, z_{t−L+1}             lags 1 … L,  L = max(28, 2m)
 * mean(z_{t−6} … z_t), mean(z_{t−27} … z_t)
 * sin, cos(2π dow / 7), sin, cos(2π (doy − 1) / 365.25)    of the origin's event time (UTC)
 * </pre>
 *
 * (a lag before the key's first observation repeats the first one), and with a holiday calendar
 * ({@code evaluate --holidays}) the number of public holidays in the origin's period and in each of
 * the next {@code H} periods (the inputs a model trained with that calendar reads, {@link
 * HolidayCalendar#countAhead}); the label is {@code z_{t+h}} and the forecast {@code ŷ_{t+h} = μ_k
 * + σ_k ẑ}. The calendar terms are those of the origin, known when forecasting: with one model per
 * horizon, the target's weekday is the origin's shifted by {@code h} on a regular cadence. The loss
 * is the absolute error ({@code reg:absoluteerror}), as MAE is the metric. Its intervals come from
 * a second model per horizon on the same rows, fitted with the pinball loss at every quantile level
 * at once ({@code reg:quantileerror}; Koenker and Bassett 1978), its quantiles sorted per forecast.
 * Hyper-parameters are fixed ({@link GbmSettings#DEFAULT}); training is seeded and single-threaded,
 * so a fit is deterministic.
 */
public final class GbmBaseline implements AutoCloseable {

  private static final double DAY_MS = 86_400_000.0;

  /**
   * The holiday inputs of the rows: the counts of periods {@code 0 … ahead} after the origin's.
   *
   * @param calendar the public holidays
   * @param cadence the data's cadence (the length of a period)
   * @param ahead the last period counted (the largest horizon)
   */
  public record HolidayInputs(HolidayCalendar calendar, Cadence cadence, int ahead) {}

  private final int lags;
  private final HolidayInputs holidays; // null: none
  private final int[] horizons;
  private final Booster[] boosters;
  private final Booster[] quantileBoosters; // null entries without intervals
  private final QuantileLevels levels;

  private GbmBaseline(
      int lags,
      HolidayInputs holidays,
      int[] horizons,
      Booster[] boosters,
      Booster[] quantiles,
      QuantileLevels levels) {
    this.lags = lags;
    this.holidays = holidays;
    this.horizons = horizons.clone();
    this.boosters = boosters;
    this.quantileBoosters = quantiles;
    this.levels = levels;
  }

  /** The number of lags for seasonal period {@code m}: {@code max(28, 2m)}. */
  public static int lags(int m) {
    return Math.max(28, 2 * m);
  }

  /**
   * Fits one model per horizon on every key's first {@code trainLength[k]} observations, and when
   * {@code levels} is not null and {@link GbmSettings#quantileRounds} positive, one quantile model
   * per horizon ({@code reg:quantileerror} at all levels at once).
   *
   * @param trainLengths the training part's length of each key of {@code series}
   */
  public static GbmBaseline fit(
      List<KeyedSeries> series,
      int[] trainLengths,
      int[] horizons,
      int m,
      GbmSettings settings,
      QuantileLevels levels) {
    return fit(series, trainLengths, horizons, m, settings, levels, null);
  }

  /** {@link #fit} with the holiday counts as features too ({@code holidays} null: none). */
  public static GbmBaseline fit(
      List<KeyedSeries> series,
      int[] trainLengths,
      int[] horizons,
      int m,
      GbmSettings settings,
      QuantileLevels levels,
      HolidayInputs holidays) {
    int lags = lags(m);
    boolean intervals = levels != null && settings.quantileRounds() > 0;
    Booster[] boosters = new Booster[horizons.length];
    Booster[] quantiles = new Booster[horizons.length];
    try {
      for (int i = 0; i < horizons.length; i++) {
        DMatrix d = trainingRows(series, trainLengths, horizons[i], lags, holidays);
        try {
          boosters[i] =
              XGBoost.train(d, settings.params(), settings.rounds(), Map.of(), null, null);
          if (intervals) {
            quantiles[i] =
                XGBoost.train(
                    d,
                    settings.quantileParams(levels),
                    settings.quantileRounds(),
                    Map.of(),
                    null,
                    null);
          }
        } finally {
          d.dispose();
        }
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not fit the baseline: " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "the gbm baseline needs XGBoost (xgboost4j on the class path) and its native library,"
              + " which links libgomp.so.1 (Debian/Ubuntu: libgomp1); leave gbm out of the"
              + " baselines otherwise: "
              + e,
          e);
    }
    return new GbmBaseline(
        lags, holidays, horizons, boosters, quantiles, intervals ? levels : null);
  }

  /** The rows of horizon {@code h}: every training origin whose target is in the training part. */
  private static DMatrix trainingRows(
      List<KeyedSeries> series, int[] trainLengths, int h, int lags, HolidayInputs holidays)
      throws XGBoostError {
    int width = width(lags, holidays);
    int rows = 0;
    for (int k = 0; k < series.size(); k++) {
      rows += Math.max(0, trainLengths[k] - h - start(trainLengths[k], h, lags));
    }
    float[] x = new float[rows * width];
    float[] label = new float[rows];
    int r = 0;
    for (int k = 0; k < series.size(); k++) {
      KeyedSeries s = series.get(k);
      int nt = trainLengths[k];
      double[] z = standardise(s.values(), nt);
      for (int t = start(nt, h, lags); t < nt - h; t++, r++) {
        features(s, z, t, lags, holidays, x, r * width);
        label[r] = (float) z[t + h];
      }
    }
    DMatrix d = new DMatrix(x, rows, width, Float.NaN);
    d.setLabel(label);
    return d;
  }

  /** The first training origin: the first with all lags, if that leaves training rows. */
  private static int start(int nt, int h, int lags) {
    return nt - h > lags - 1 ? lags - 1 : 0;
  }

  /**
   * The forecasts from every origin {@code t ≥ firstOrigin} up to the key's last observation but
   * one, in units.
   *
   * @param points {@code points[t − firstOrigin][i] = ŷ_{t+h_i|t}} for the fitted horizons
   * @param quantiles {@code quantiles[t − firstOrigin][i][q]}, sorted over {@code q} (the monotone
   *     rearrangement of crossing quantiles); null without intervals
   */
  public record Forecasts(double[][] points, double[][][] quantiles) {}

  /** Forecasts {@code s} from every origin {@code t ≥ firstOrigin}. */
  public Forecasts forecasts(KeyedSeries s, int trainLength, int firstOrigin) {
    double[] y = s.values();
    int rows = Math.max(0, y.length - 1 - firstOrigin);
    int width = width(lags, holidays);
    double[] z = standardise(y, trainLength);
    double[] ms = meanStd(y, trainLength);
    float[] x = new float[rows * width];
    for (int t = firstOrigin; t < y.length - 1; t++) {
      features(s, z, t, lags, holidays, x, (t - firstOrigin) * width);
    }
    double[][] points = new double[rows][horizons.length];
    double[][][] quantiles = levels == null ? null : new double[rows][horizons.length][];
    try {
      for (int i = 0; rows > 0 && i < horizons.length; i++) {
        float[][] p = boosters[i].inplace_predict(x, rows, width, Float.NaN);
        float[][] q =
            levels == null ? null : quantileBoosters[i].inplace_predict(x, rows, width, Float.NaN);
        for (int r = 0; r < rows; r++) {
          points[r][i] = ms[0] + ms[1] * p[r][0];
          if (q != null) {
            double[] row = new double[levels.size()];
            for (int j = 0; j < row.length; j++) {
              row[j] = ms[0] + ms[1] * q[r][j];
            }
            java.util.Arrays.sort(row);
            quantiles[r][i] = row;
          }
        }
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not forecast: " + e.getMessage(), e);
    }
    return new Forecasts(points, quantiles);
  }

  /** The fitted horizons. */
  public int[] horizons() {
    return horizons.clone();
  }

  /** Number of features for {@code lags} lags. */
  static int width(int lags) {
    return lags + 6;
  }

  private static int width(int lags, HolidayInputs holidays) {
    return width(lags) + (holidays == null ? 0 : holidays.ahead() + 1);
  }

  private static void features(
      KeyedSeries s, double[] z, int t, int lags, HolidayInputs holidays, float[] x, int at) {
    features(s, z, t, lags, x, at);
    for (int k = 0; holidays != null && k <= holidays.ahead(); k++) {
      x[at + width(lags) + k] = holidays.calendar().countAhead(holidays.cadence(), s.time(t), k);
    }
  }

  /** Writes the features of origin {@code t} into {@code x[at …]}. */
  static void features(KeyedSeries s, double[] z, int t, int lags, float[] x, int at) {
    double sum7 = 0;
    double sum28 = 0;
    for (int l = 0; l < Math.max(lags, 28); l++) {
      double v = z[Math.max(0, t - l)];
      if (l < lags) {
        x[at + l] = (float) v;
      }
      sum7 += l < 7 ? v : 0;
      sum28 += l < 28 ? v : 0;
    }
    x[at + lags] = (float) (sum7 / 7);
    x[at + lags + 1] = (float) (sum28 / 28);
    long ms = s.time(t);
    double dow = Math.floorMod(Math.floorDiv(ms, (long) DAY_MS) + 3, 7); // Monday 0
    LocalDate d = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC).toLocalDate();
    double doy = d.getDayOfYear() - 1;
    x[at + lags + 2] = (float) Math.sin(2 * Math.PI * dow / 7);
    x[at + lags + 3] = (float) Math.cos(2 * Math.PI * dow / 7);
    x[at + lags + 4] = (float) Math.sin(2 * Math.PI * doy / 365.25);
    x[at + lags + 5] = (float) Math.cos(2 * Math.PI * doy / 365.25);
  }

  /** {@code (y − μ) / σ} with the mean and standard deviation of {@code y[0 … n)}. */
  static double[] standardise(double[] y, int n) {
    double[] ms = meanStd(y, n);
    double[] z = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      z[i] = (y[i] - ms[0]) / ms[1];
    }
    return z;
  }

  /** {@code {μ, σ}} of {@code y[0 … n)}; σ = 1 for a constant part. */
  static double[] meanStd(double[] y, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += y[i] / n;
    }
    double var = 0;
    for (int i = 0; i < n; i++) {
      var += (y[i] - mean) * (y[i] - mean) / n;
    }
    double std = Math.sqrt(var);
    return new double[] {mean, std > 1e-12 ? std : 1};
  }

  @Override
  public void close() {
    for (Booster[] all : new Booster[][] {boosters, quantileBoosters}) {
      for (Booster b : all) {
        if (b != null) {
          b.dispose();
        }
      }
    }
  }
}
