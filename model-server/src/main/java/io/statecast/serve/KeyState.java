package io.statecast.serve;

import io.statecast.features.FeatureEncoder;

/**
 * One key's state in the stateful API, owned by its model's dispatcher thread: the packed LSTM
 * state ({@link io.statecast.model.StateLayout}), how many observations it has absorbed, the last
 * event time (for the gap feature), the model version it was computed under, and when it was last
 * touched (for the TTL).
 */
final class KeyState {

  final float[] packed;
  long steps;
  long lastEventTime = FeatureEncoder.NO_PREVIOUS;
  int modelVersion;
  long touchedNanos;

  KeyState(int size, int modelVersion, long now) {
    this.packed = new float[size];
    this.modelVersion = modelVersion;
    this.touchedNanos = now;
  }

  /** Back to the zero state of a new key, under {@code version}. */
  void reset(int version) {
    java.util.Arrays.fill(packed, 0f);
    steps = 0;
    lastEventTime = FeatureEncoder.NO_PREVIOUS;
    modelVersion = version;
  }
}
