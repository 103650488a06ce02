package io.statecast.demo;

import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An endless stream of observations for throughput runs: {@code keys} entities, each with {@code
 * features} positional features following a random walk, one observation per key per round, a day
 * apart. Deterministic for a seed.
 */
public final class SyntheticFeed implements ObservationFeed {

  private static final long DAY = 86_400_000L;

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
        .setEventTime(start + round * DAY)
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
