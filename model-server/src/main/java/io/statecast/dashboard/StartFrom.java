package io.statecast.dashboard;

/** Where the dashboard starts reading its topics. */
public enum StartFrom {
  /** From the beginning of every partition: the retained history fills the charts at once. */
  EARLIEST,
  /** From the end: only what arrives after the dashboard started. */
  LATEST
}
