/**
 * The evaluation protocol (see {@code docs/evaluation.md}): every key's first 80% (floor) of
 * observations are training data, the rest is the test part; forecasts from every origin of the
 * test part (rolling origin) at horizons 1 and 7; the model consumes the observations one at a
 * time, exactly as the stream would; MAE, RMSE, sMAPE and MASE pooled over keys, and for methods
 * with intervals their coverage, pinball loss and approximate CRPS, for the model, the naive
 * baselines, a fitted exponential-smoothing (ETS) reference and a global gradient-boosted lag
 * model, with a seasonal period that follows the data's cadence.
 */
package io.statecast.eval;
