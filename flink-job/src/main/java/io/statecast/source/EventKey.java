package io.statecast.source;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys events by their entity key. */
public final class EventKey implements KeySelector<ObservationEvent, String> {

  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(ObservationEvent e) {
    return e.key();
  }
}
