/**
 * {@code statecast sql}: runs a file of Flink SQL statements on a local Flink MiniCluster ({@link
 * io.statecast.sqlcli.SqlCommand}), split and executed in order by {@link
 * io.statecast.sqlcli.SqlScript}, with the Kafka SQL connector, the JSON format and the {@code
 * STATECAST_FORECAST} function ({@link io.statecast.sql.ForecastFunction}) on the class path.
 */
package io.statecast.sqlcli;
