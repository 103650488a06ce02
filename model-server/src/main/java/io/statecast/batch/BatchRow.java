package io.statecast.batch;

/** What the keyed-batch engine needs of a row: whose it is, when it happened and its actual. */
public interface BatchRow {

  /** The key whose state the row steps. */
  String key();

  /** The row's event time (ms since the epoch): the key's last event time once it is stepped. */
  long eventTime();

  /**
   * The row's target in units, the actual that earlier forecasts of the key are scored against
   * ({@link io.statecast.features.AdaptiveQuantiles}); NaN when it has none.
   */
  double target();
}
