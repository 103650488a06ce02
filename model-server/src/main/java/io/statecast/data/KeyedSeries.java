package io.statecast.data;

import io.statecast.avro.Observation;
import java.util.List;

/**
 * One key's observations in event-time order, strictly increasing, each with a finite target. The
 * observations are the very records the streaming job would receive, so training and evaluation
 * encode them with the same {@link io.statecast.features.FeatureEncoder} as serving.
 */
public final class KeyedSeries {

  private final String key;
  private final List<Observation> observations;
  private final double[] values;
  private final long[] times;

  /**
   * @param key the entity
   * @param observations in strictly increasing event time, every one with a finite target
   */
  public KeyedSeries(String key, List<Observation> observations) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a series needs a key");
    }
    this.key = key;
    this.observations = List.copyOf(observations);
    this.values = new double[observations.size()];
    this.times = new long[observations.size()];
    for (int i = 0; i < values.length; i++) {
      Observation o = observations.get(i);
      if (o.getTarget() == null || !Float.isFinite(o.getTarget())) {
        throw new IllegalArgumentException(key + ": observation " + i + " has no finite target");
      }
      if (i > 0 && o.getEventTime() <= times[i - 1]) {
        throw new IllegalArgumentException(
            key + ": event times must increase (observation " + i + ")");
      }
      values[i] = o.getTarget();
      times[i] = o.getEventTime();
    }
  }

  public String key() {
    return key;
  }

  /** Number of observations {@code n}. */
  public int size() {
    return values.length;
  }

  public List<Observation> observations() {
    return observations;
  }

  /** Observation {@code i}. */
  public Observation observation(int i) {
    return observations.get(i);
  }

  /** The target of observation {@code i}. */
  public double value(int i) {
    return values[i];
  }

  /** The event time of observation {@code i} in epoch milliseconds. */
  public long time(int i) {
    return times[i];
  }

  /** The targets, oldest first (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** The first {@code n} observations as a series of their own. */
  public KeyedSeries head(int n) {
    return new KeyedSeries(key, observations.subList(0, n));
  }
}
