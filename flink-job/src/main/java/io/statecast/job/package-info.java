/**
 * The streaming job: {@link io.statecast.job.ForecastJob} wires sources, the forecast operator and
 * sinks given to it; {@link io.statecast.job.JobSettings} holds its typed configuration; {@link
 * io.statecast.job.JobRunner} configures an execution environment (checkpoints, state backend,
 * restarts) and connects Kafka.
 */
package io.statecast.job;
