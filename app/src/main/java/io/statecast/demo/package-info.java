/**
 * The one-command embedded demo: an in-process Kafka broker, the job on a Flink MiniCluster with
 * its web UI, a data set replayed as Avro observations, and a live view of what happens.
 */
package io.statecast.demo;
