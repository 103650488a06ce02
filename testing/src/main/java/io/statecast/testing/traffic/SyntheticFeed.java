package io.statecast.testing.traffic;

import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An endless stream of observations for throughput runs: {@code keys} entities, each with {@code
 * features} positional features following a random walk, one observation per key per round, rounds
 * {@link #STEP_MILLIS} apart in event time from {@code startMillis}. Deterministic for a seed.
 *
 * <p>Why a millisecond: every event time must stay in the past, or the job's validation refuses it
 * as lying in the future (dead letters). With rounds a day apart from 2024-01-01, a replay runs
 * into the future after as many rounds as days have passed since then — about a thousand, which the
 * demo sends in well under a minute at full speed with thousands of keys; a millisecond apart, the
 * same start leaves ≈ 9·10¹⁰ rounds (days of replay at full speed even with one key). The benchmark
 * model reads raw features only, so the spacing changes nothing it computes.
 */
public final class SyntheticFeed implements ObservationFeed {

  /**
   * Where the demo's and the benchmarks' synthetic time lines start: 2024-01-01T00:00:00Z (the
   * headroom reckoned above is from it).
   */
  public static final long START = 1_704_067_200_000L;

  /** Event time between two rounds. */
  public static final long STEP_MILLIS = 1;

  private final int keys;
  private final int features;
  private final long start;
  private final SplittableRandom random;
  private final float[][] level;
  private final String[] names;
  private long sent;

  public SyntheticFeed(int keys, int features, long startMillis, long seed) {
    if (keys < 1 || features < 0) {
      throw new IllegalArgumentException("need at least one key and no negative feature count");
    }
    this.keys = keys;
    this.features = features;
    this.start = startMillis;
    this.random = new SplittableRandom(seed);
    this.level = new float[keys][Math.max(1, features)];
    this.names = new String[keys];
    for (int k = 0; k < keys; k++) {
      names[k] = "key-" + k;
    }
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Observation next() {
    int k = (int) (sent % keys);
    long round = sent / keys;
    sent++;
    float[] l = level[k];
    List<Float> values = new ArrayList<>(features);
    for (int j = 0; j < features; j++) {
      l[j] += (float) (0.1 * random.nextGaussian());
      values.add(l[j]);
    }
    float target = features > 0 ? l[0] : (l[0] += (float) (0.1 * random.nextGaussian()));
    return Observation.newBuilder()
        .setKey(names[k])
        .setEventTime(start + round * STEP_MILLIS)
        .setFeatures(values)
        .setTarget(target)
        .build();
  }

  @Override
  public String describe() {
    return "synthetic: " + keys + " keys × " + features + " features, endless";
  }

  @Override
  public long size() {
    return -1;
  }
}
