package io.statecast.operator;

/**
 * Everything the operator keeps for one key: the packed recurrent state of the model (every layer's
 * {@code h} and {@code c}, and the autoregressive window; see {@link
 * io.statecast.model.StateLayout}), how many events it has absorbed, the event time of the last
 * one, and the identity of the model it was computed under. One compact object per key: on the heap
 * backend the float array dominates its size.
 */
public final class KeyState {

  /** The packed state {@code [h_0 | c_0 | … | window]}. */
  public float[] state;

  /** Observations absorbed. */
  public long steps;

  /** Event time of the last absorbed observation (ms since the epoch). */
  public long lastEventTime;

  /** The model the state belongs to. */
  public String modelId;

  /** Its version. */
  public int modelVersion;

  public KeyState() {}

  public KeyState(float[] state, long steps, long lastEventTime, String modelId, int modelVersion) {
    this.state = state;
    this.steps = steps;
    this.lastEventTime = lastEventTime;
    this.modelId = modelId;
    this.modelVersion = modelVersion;
  }

  /** A deep copy. */
  public KeyState copy() {
    return new KeyState(state.clone(), steps, lastEventTime, modelId, modelVersion);
  }
}
