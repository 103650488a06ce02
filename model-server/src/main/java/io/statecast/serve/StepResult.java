package io.statecast.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a stateful request: the forecast after its last observation.
 *
 * @param model the model id
 * @param modelVersion the version that stepped the observations
 * @param key the key
 * @param applied observations of this request stepped into the state
 * @param steps observations the key's state has absorbed in all (since it was new or reset)
 * @param eventTime event time of the last observation
 * @param forecast the forecast for each step of the horizon, in the target's units (null for a
 *     model without a head)
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
    float[] output) {}
