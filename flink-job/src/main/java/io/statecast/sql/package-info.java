/**
 * Flink SQL: {@link io.statecast.sql.ForecastFunction}, a process table function (FLIP-440) that
 * keeps each key's LSTM state in the function's keyed state and returns a forecast per row, for
 * users who write SQL or the Table API instead of running the DataStream job. It reuses the job's
 * pieces one row at a time: the observation's validation and feature encoding ({@code features}),
 * the keyed-batch engine with a batch of one ({@code batch}), and the model artifact's loader.
 */
package io.statecast.sql;
