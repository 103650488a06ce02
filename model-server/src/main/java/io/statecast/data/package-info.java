/**
 * Keyed time series read from files, as the job would see them: the long CSV layout {@code
 * key,date,value[,extra numeric columns]} and Avro container files of {@link
 * io.statecast.avro.Observation} records. Bad rows are reported with their line (or record) numbers
 * and skipped, or fail the read in strict mode. Times are read by {@link
 * io.statecast.data.TimeParser} (ISO dates, week dates, year-months, date-times, epoch values), and
 * a data set's cadence is detected by {@link io.statecast.data.CadenceDetector}.
 */
package io.statecast.data;
