/**
 * The LSTM forecast operator: per-key recurrent state in Flink keyed state, events buffered and
 * stepped in batches across keys, forecasts out. See {@link
 * io.statecast.operator.LstmForecastOperator}.
 */
package io.statecast.operator;
