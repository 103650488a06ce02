package io.statecast.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a stateful request: the forecast after its last observation.
 *
 * @param model the model id
 * @param modelVersion the version that stepped the observations
 * @param key the key
 * @param applied observations of this request stepped into the state
 * @param steps observations the key's state has absorbed in all (since it was new or reset)
 * @param eventTime event time of the last observation
 * @param forecast the point forecast for each step of the horizon, in the target's units: a
 *     quantile head's median (null for a model without a head)
 * @param intervals a quantile head's central intervals, widest first (null for a point head)
 * @param output the top layer's output (only for a model without a head)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StepResult(
    String model,
    int modelVersion,
    String key,
    int applied,
    long steps,
    long eventTime,
    float[] forecast,
    List<HeadOutputs.IntervalValues> intervals,
    float[] output) {}
