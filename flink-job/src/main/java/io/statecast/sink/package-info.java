/** The output side of the job: forecasts, dead letters and late events to Kafka as Avro. */
package io.statecast.sink;
