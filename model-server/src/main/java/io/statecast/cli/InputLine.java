package io.statecast.cli;

import io.statecast.avro.Observation;

/**
 * One line of a replayed input file, read: the observation it holds, or why it was skipped.
 *
 * @param number the 1-based line number (a CSV header is line 1)
 * @param observation the observation, or null when the line was skipped
 * @param reason why the line was skipped, or null
 * @param problem what is wrong with the line, in words, or null
 */
record InputLine(long number, Observation observation, SkipReason reason, String problem) {

  /** A line that holds {@code observation}. */
  static InputLine of(long number, Observation observation) {
    return new InputLine(number, observation, null, null);
  }

  /** A line skipped for {@code reason}. */
  static InputLine skipped(long number, SkipReason reason, String problem) {
    return new InputLine(number, null, reason, problem);
  }

  /** Whether the line was skipped. */
  boolean isSkipped() {
    return observation == null;
  }

  @Override
  public String toString() {
    return isSkipped() ? "line " + number + ": " + problem : "line " + number + ": " + observation;
  }
}
