package io.statecast.testing;

import io.statecast.avro.Observation;
import io.statecast.data.KeyedSeries;
import io.statecast.data.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Keyed daily series for tests. */
public final class TestSeries {

  /** 2020-01-06, a Monday, in epoch milliseconds. */
  public static final long START = 1_578_268_800_000L;

  public static final long DAY = 86_400_000L;

  private TestSeries() {}

  /** A daily series from {@link #START}. */
  public static KeyedSeries daily(String key, double[] values) {
    List<Observation> obs = new ArrayList<>();
    for (int t = 0; t < values.length; t++) {
      obs.add(
          Observation.newBuilder()
              .setKey(key)
              .setEventTime(START + t * DAY)
              .setFeatures(List.of())
              .setNamed(Map.of())
              .setTarget((float) values[t])
              .build());
    }
    return new KeyedSeries(key, obs);
  }

  /**
   * {@code keys} weekly-seasonal series: {@code level_k + amp · sin(2π t / 7) + AR(1) noise}, with
   * levels far apart so that per-key scaling matters.
   */
  public static SeriesSet weekly(int keys, int length, long seed) {
    Random r = new Random(seed);
    List<KeyedSeries> out = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      double level = 10 * Math.pow(10, k);
      double amp = 0.3 * level;
      double[] v = new double[length];
      double e = 0;
      for (int t = 0; t < length; t++) {
        e = 0.6 * e + 0.1 * level * r.nextGaussian();
        v[t] = level + amp * Math.sin(2 * Math.PI * t / 7) + e;
      }
      out.add(daily("k" + k, v));
    }
    return new SeriesSet(out, List.of());
  }
}
