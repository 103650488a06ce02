package io.statecast.dashboard;

import java.util.Arrays;
import java.util.List;

/**
 * The recent points of one key, oldest first, in a bounded ring: what the dashboard draws for a
 * key.
 *
 * <p>A point is one event time of the key with what the dashboard knows about it: the actual value
 * (the observation's target, or the forecast's copy of it), the one-step forecast made after
 * stepping that event ({@code values[0]} of its forecast: the forecast of the <em>next</em> event),
 * the first step of that forecast's widest interval (a quantile model's; NaN for a point model),
 * the score of the anomaly the job flagged for this event's actual (NaN: none), and the model
 * version that made the forecast. Observations and forecasts arrive on different topics, in either
 * order, so both merge into the point of their event time; a point older than all kept ones when
 * the ring is full is dropped. The latest forecast's full horizon (the fan) and model are kept
 * beside the ring.
 *
 * <p>Every change stamps the changed point with a sequence number from the caller, so a client that
 * has seen everything up to {@code s} gets exactly the points stamped after {@code s} ({@link
 * #forEachSince}). The arrays grow by doubling up to the bound: a key with few events costs little.
 *
 * <p>Not thread-safe: {@link DashboardState} guards it.
 */
final class KeySeries {

  /**
   * Receives points: event time, actual, one-step forecast, model version, the one-step interval
   * and the anomaly score (NaN where unknown).
   */
  interface PointSink {
    void point(
        long eventTime,
        float actual,
        float forecast,
        int modelVersion,
        float lower,
        float upper,
        float anomaly);
  }

  private static final int INITIAL_CAPACITY = 16;

  private final int maxPoints;
  // The ring: logical index i (0 = oldest) lives at (start + i) % capacity.
  private long[] times;
  private float[] actuals;
  private float[] forecasts;
  private float[] lowers;
  private float[] uppers;
  private float[] anomalies;
  private int[] versions;
  private long[] stamps;
  private int start;
  private int size;

  // The latest forecast (by event time) and totals.
  private float[] horizon = new float[0];
  private long horizonTime = Long.MIN_VALUE;
  private String modelId = "";
  private int modelVersion;
  private long steps;
  private long observationCount;
  private long forecastCount;
  private long latestStamp;

  KeySeries(int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("a series keeps at least 2 points, got " + maxPoints);
    }
    this.maxPoints = maxPoints;
    allocate(Math.min(INITIAL_CAPACITY, maxPoints));
  }

  /** Records the actual value of an observation ({@code NaN} when it had no target). */
  void observe(long eventTime, float actual, long stamp) {
    observationCount++;
    int i = pointAt(eventTime, stamp);
    if (i >= 0) {
      latestStamp = stamp;
      if (!Float.isNaN(actual)) {
        actuals[slot(i)] = actual;
      }
    }
  }

  /**
   * Records a forecast made after the event at {@code eventTime}: its one-step value and interval
   * ({@code [lower, upper]}, or null) join that point (with the forecast's copy of the actual, if
   * the observation was not seen), and the whole horizon becomes the fan if it is the latest
   * forecast.
   */
  void forecast(
      long eventTime,
      float actual,
      List<Float> values,
      float[] interval,
      String model,
      int version,
      long keySteps,
      long stamp) {
    forecastCount++;
    int i = pointAt(eventTime, stamp);
    if (i >= 0) {
      latestStamp = stamp;
      int s = slot(i);
      forecasts[s] = values.isEmpty() ? Float.NaN : values.get(0);
      lowers[s] = interval == null ? Float.NaN : interval[0];
      uppers[s] = interval == null ? Float.NaN : interval[1];
      versions[s] = version;
      if (Float.isNaN(actuals[s]) && !Float.isNaN(actual)) {
        actuals[s] = actual;
      }
      if (i + 1 < size) {
        stamps[slot(i + 1)] = stamp; // the next point's error changed
      }
    }
    if (eventTime >= horizonTime) {
      horizonTime = eventTime;
      if (horizon.length != values.size()) {
        horizon = new float[values.size()];
      }
      for (int j = 0; j < horizon.length; j++) {
        horizon[j] = values.get(j);
      }
      modelId = model;
      modelVersion = version;
      steps = keySteps;
      latestStamp = stamp;
    }
  }

  /** Records the score of an anomaly the job flagged for the actual at {@code eventTime}. */
  void anomaly(long eventTime, float score, long stamp) {
    int i = pointAt(eventTime, stamp);
    if (i >= 0) {
      latestStamp = stamp;
      anomalies[slot(i)] = score;
    }
  }

  /**
   * The logical index of the point at {@code eventTime}, created (and stamped) if new; -1 when it
   * is older than every kept point of a full ring.
   */
  private int pointAt(long eventTime, long stamp) {
    int i = size - 1;
    while (i >= 0 && times[slot(i)] > eventTime) {
      i--; // almost always zero iterations: events arrive in order
    }
    if (i >= 0 && times[slot(i)] == eventTime) {
      stamps[slot(i)] = stamp;
      return i;
    }
    int at = i + 1;
    if (size == maxPoints) {
      if (at == 0) {
        return -1;
      }
      start = (start + 1) % times.length; // drop the oldest
      size--;
      at--;
    } else if (size == times.length) {
      grow();
    }
    insert(at, eventTime, stamp);
    return at;
  }

  private void insert(int at, long eventTime, long stamp) {
    for (int j = size; j > at; j--) {
      int to = slot(j);
      int from = slot(j - 1);
      times[to] = times[from];
      actuals[to] = actuals[from];
      forecasts[to] = forecasts[from];
      lowers[to] = lowers[from];
      uppers[to] = uppers[from];
      anomalies[to] = anomalies[from];
      versions[to] = versions[from];
      stamps[to] = stamps[from];
    }
    size++;
    int s = slot(at);
    times[s] = eventTime;
    actuals[s] = Float.NaN;
    forecasts[s] = Float.NaN;
    lowers[s] = Float.NaN;
    uppers[s] = Float.NaN;
    anomalies[s] = Float.NaN;
    versions[s] = 0;
    stamps[s] = stamp;
    if (at + 1 < size) {
      stamps[slot(at + 1)] = stamp; // its predecessor, hence its error, changed
    }
  }

  private void grow() {
    int n = Math.min(maxPoints, times.length * 2);
    long[] t = new long[n];
    float[] a = new float[n];
    float[] f = new float[n];
    float[] lo = new float[n];
    float[] up = new float[n];
    float[] an = new float[n];
    int[] v = new int[n];
    long[] st = new long[n];
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      t[i] = times[s];
      a[i] = actuals[s];
      f[i] = forecasts[s];
      lo[i] = lowers[s];
      up[i] = uppers[s];
      an[i] = anomalies[s];
      v[i] = versions[s];
      st[i] = stamps[s];
    }
    times = t;
    actuals = a;
    forecasts = f;
    lowers = lo;
    uppers = up;
    anomalies = an;
    versions = v;
    stamps = st;
    start = 0;
  }

  private void allocate(int capacity) {
    times = new long[capacity];
    actuals = new float[capacity];
    forecasts = new float[capacity];
    lowers = new float[capacity];
    uppers = new float[capacity];
    anomalies = new float[capacity];
    versions = new int[capacity];
    stamps = new long[capacity];
  }

  private int slot(int logical) {
    int s = start + logical;
    return s >= times.length ? s - times.length : s;
  }

  /** Sends the points stamped after {@code since} (all of them for 0), oldest first. */
  void forEachSince(long since, PointSink sink) {
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      if (stamps[s] > since) {
        sink.point(
            times[s], actuals[s], forecasts[s], versions[s], lowers[s], uppers[s], anomalies[s]);
      }
    }
  }

  /**
   * The stamp of the latest change (stamps only grow, so it is the newest of any point or of the
   * fan): what a client compares with.
   */
  long lastStamp() {
    return latestStamp;
  }

  /**
   * The one-step errors {@code |actual(t_i) − forecast made at t_{i−1}|} of the kept points, oldest
   * first; points without both values have none.
   */
  double[] errors() {
    double[] out = new double[size];
    int n = 0;
    for (int i = 1; i < size; i++) {
      float made = forecasts[slot(i - 1)];
      float actual = actuals[slot(i)];
      if (!Float.isNaN(made) && !Float.isNaN(actual)) {
        out[n++] = Math.abs((double) actual - made);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The mean of {@link #errors()}, or NaN when there is none. */
  double meanAbsoluteError() {
    double[] e = errors();
    return e.length == 0 ? Double.NaN : Arrays.stream(e).sum() / e.length;
  }

  int size() {
    return size;
  }

  int maxPoints() {
    return maxPoints;
  }

  /** The kept event times, oldest first (tests and snapshots). */
  long[] times() {
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = times[slot(i)];
    }
    return out;
  }

  /** The horizon of the latest forecast (a copy). */
  float[] horizon() {
    return horizon.clone();
  }

  long horizonTime() {
    return horizonTime;
  }

  String modelId() {
    return modelId;
  }

  int modelVersion() {
    return modelVersion;
  }

  long steps() {
    return steps;
  }

  long observationCount() {
    return observationCount;
  }

  long forecastCount() {
    return forecastCount;
  }
}
