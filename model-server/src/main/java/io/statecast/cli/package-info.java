/**
 * The command-line face of the model server: {@code statecast model …} (import, step, describe)
 * and, with the training issue, {@code train} and {@code evaluate}, and {@code produce}, which
 * replays a CSV or JSON lines file into a Kafka topic. Commands print to the writers picocli gives
 * them, so tests can read what a user sees.
 */
package io.statecast.cli;
