package io.statecast.testing.traffic;

import io.statecast.avro.Observation;
import java.util.Iterator;

/** Observations to replay, in the order they are to be sent (time order across keys). */
public interface ObservationFeed extends Iterator<Observation> {

  /** What is being replayed, for the terminal. */
  String describe();

  /** How many observations the feed holds, or -1 when it is endless. */
  long size();
}
