/**
 * Keyed time series read from files, as the job would see them: the long CSV layout {@code
 * key,date,value[,extra numeric columns]} and Avro container files of {@link
 * io.statecast.avro.Observation} records. Bad rows are reported with their line (or record) numbers
 * and skipped, or fail the read in strict mode.
 */
package io.statecast.data;
