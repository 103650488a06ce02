package io.statecast.batch;

import java.util.Arrays;

/**
 * Everything kept for one key — by the streaming job in Flink keyed state, by the model server in
 * memory: the packed recurrent state of the model (every layer's {@code h} and {@code c}, and the
 * autoregressive window; see {@link io.statecast.model.StateLayout}), how many observations it has
 * absorbed, the event time of the last one, the model it was computed under (its version, and the
 * epoch of the job's chain of model switches), and, when its owner re-warms states on model
 * updates, the key's most recent observations (Avro-encoded, oldest first), and for a model that
 * adapts online, the key's adaptation ({@link io.statecast.features.AdaptiveQuantiles}). One
 * compact object per key: the float arrays dominate its size.
 */
public final class KeyState {

  private static final byte[][] NONE = new byte[0][];

  /** The packed state {@code [h_0 | c_0 | … | window]}. */
  public float[] state;

  /** Observations absorbed. */
  public long steps;

  /** Event time of the last absorbed observation (ms since the epoch). */
  public long lastEventTime;

  /** Version of the model the state was computed under. */
  public int modelVersion;

  /** Epoch of the job's model chain the state belongs to. */
  public int epoch;

  /** The most recent observations, Avro single-object encoded, oldest first (may be empty). */
  public byte[][] recent = NONE;

  /**
   * The online adaptation of the key's forecasts ({@link io.statecast.features.AdaptiveQuantiles};
   * null until the key's first forecast under a model that adapts).
   */
  public float[] adaptation;

  public KeyState() {}

  public KeyState(float[] state, long steps, long lastEventTime, int modelVersion, int epoch) {
    this.state = state;
    this.steps = steps;
    this.lastEventTime = lastEventTime;
    this.modelVersion = modelVersion;
    this.epoch = epoch;
  }

  /** Appends an observation to the recent ones, keeping at most {@code depth}. */
  public void remember(byte[] observation, int depth) {
    if (depth <= 0) {
      return;
    }
    int keep = Math.min(recent.length, depth - 1);
    byte[][] next = new byte[keep + 1][];
    System.arraycopy(recent, recent.length - keep, next, 0, keep);
    next[keep] = observation;
    recent = next;
  }

  /**
   * Counts no steps any more: part of resetting the state to the model's initial one (the packed
   * floats are the caller's to reset). The recent observations stay: the operator thread may be
   * appending to them while a kernel thread steps the state.
   */
  public void resetSteps() {
    steps = 0;
  }

  /**
   * The same key's record with {@code packed} as its recurrent state: a new object, so that a state
   * table entry that a running snapshot may still read is never changed in place.
   */
  public KeyState withState(float[] packed) {
    KeyState c = new KeyState(packed, steps, lastEventTime, modelVersion, epoch);
    c.recent = recent;
    c.adaptation = adaptation;
    return c;
  }

  /**
   * This record without its recurrent state ({@code state} is null): what a resident state's slot
   * keeps of its key between write-backs, where the floats live on the device.
   */
  public KeyState metadata() {
    return withState(null);
  }

  /** A deep copy. */
  public KeyState copy() {
    KeyState c = new KeyState(state.clone(), steps, lastEventTime, modelVersion, epoch);
    c.recent = recent.length == 0 ? NONE : Arrays.copyOf(recent, recent.length);
    c.adaptation = adaptation == null ? null : adaptation.clone();
    return c;
  }
}
