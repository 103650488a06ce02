package io.statecast.batch;

/** What the keyed-batch engine needs of a row: whose it is and when it happened. */
public interface BatchRow {

  /** The key whose state the row steps. */
  String key();

  /** The row's event time (ms since the epoch): the key's last event time once it is stepped. */
  long eventTime();
}
