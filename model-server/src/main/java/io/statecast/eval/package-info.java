/**
 * The evaluation protocol (see {@code docs/evaluation.md}): every key's first 80% (floor) of
 * observations are training data, the rest is the test part; forecasts from every origin of the
 * test part (rolling origin) at horizons 1 and 7; the model consumes the observations one at a
 * time, exactly as the stream would; MAE, RMSE and sMAPE pooled over keys, for the model, the naive
 * baselines and a fitted exponential-smoothing (ETS) reference.
 */
package io.statecast.eval;
