package io.statecast.sql;

import io.statecast.batch.KeyState;
import io.statecast.batch.ServingModel;

/**
 * What {@link ForecastFunction} keeps per key in Flink state: the parts of {@link KeyState} that a
 * forecast needs (the packed recurrent state, the step count, the last event time, the model it was
 * computed under, the online adaptation of its forecasts) and the event-time-jump suspect of the
 * DataStream operator's {@code EventTimeJumps}. A structured type for Flink SQL (public fields, a
 * default constructor); a key without state reads with {@code state == null}.
 */
public class ForecastState {

  /** The packed state {@code [h_0 | c_0 | … | window]} (null: the key has none yet). */
  public float[] state;

  /**
   * The online adaptation of the key's forecasts ({@link KeyState#adaptation}; null: none yet, or a
   * model that does not adapt).
   */
  public float[] adaptation;

  /** Observations absorbed. */
  public long steps;

  /** Event time of the last absorbed observation (ms since the epoch). */
  public long lastEventTime;

  /** Identity of the model the state was computed under. */
  public String modelId;

  /** Version of that model. */
  public int modelVersion;

  /** The event time of the last observation set aside as a jump (null: none). */
  public Long suspectTime;

  /** The key's last event time when that observation was set aside. */
  public Long suspectLast;

  public ForecastState() {}

  /** Whether the key has absorbed an observation. */
  boolean present() {
    return state != null;
  }

  /** The key's last event time, or {@code Long.MIN_VALUE} when it has none. */
  long last() {
    return present() ? lastEventTime : Long.MIN_VALUE;
  }

  /**
   * The state to step with {@code model}: this key's (the same float array, stepped in place) when
   * it was computed under a model of the same identity and state shape, as the operator keeps a
   * state across versions (policy {@code KEEP}); else a zero state that keeps the key's last event
   * time.
   */
  KeyState toKeyState(ServingModel model) {
    if (present()
        && model.id().equals(modelId)
        && state.length == model.spec().stateLayout().size()) {
      KeyState s = new KeyState(state, steps, lastEventTime, model.version(), 0);
      s.adaptation = adaptation;
      return s;
    }
    return model.freshState(last(), 0);
  }

  /** Takes the stepped {@code s} of {@code model} as this key's state. */
  void update(KeyState s, ServingModel model) {
    state = s.state;
    adaptation = s.adaptation;
    steps = s.steps;
    lastEventTime = s.lastEventTime;
    modelId = model.id();
    modelVersion = model.version();
  }
}
