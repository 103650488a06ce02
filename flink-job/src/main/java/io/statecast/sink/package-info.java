/** The output side of the job: forecasts, dead letters, late events and anomalies to Kafka. */
package io.statecast.sink;
