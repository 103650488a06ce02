package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds the forecast record of one stepped event. */
final class Forecasts {

  private Forecasts() {}

  /**
   * A listener that records each stepped event of {@code batch}: the key's state now includes it
   * (its last event time), and the event's forecast in target units and its step count go into the
   * batch ({@link PendingBatch#forecastUnits}, {@link PendingBatch#steps}; nothing for a silent
   * event), from which {@link #of} builds the record when the batch completes. It touches only the
   * batch's arrays and the stepped keys' states, so it may run on the kernel thread.
   */
  static Stepper.Listener recorder(PendingBatch batch, ServingModel model) {
    int horizon = batch.horizon();
    return (i, entry, forecast, off) -> {
      entry.state.lastEventTime = Math.max(entry.state.lastEventTime, batch.events[i].eventTime());
      if (batch.silent[i]) {
        return;
      }
      model.encoder.forecastToUnits(
          entry.key, forecast, off, horizon, batch.forecastUnits, i * horizon);
      batch.steps[i] = entry.state.steps;
    };
  }

  /** The forecast record of the batch's stepped event {@code i}, emitted at {@code now}. */
  static Forecast of(PendingBatch batch, int i, ServingModel model, long now) {
    ObservationEvent e = batch.events[i];
    int horizon = batch.horizon();
    List<Float> values = new ArrayList<>(horizon);
    for (int j = 0; j < horizon; j++) {
      values.add(batch.forecastUnits[i * horizon + j]);
    }
    return Forecast.newBuilder()
        .setKey(e.key())
        .setEventTime(e.eventTime())
        .setValues(values)
        .setModelId(model.spec.id())
        .setModelVersion(model.spec.version())
        .setSteps(batch.steps[i])
        .setTarget(e.observation.getTarget())
        .setObservedAt(e.ingestTime)
        .setEmittedAt(now)
        .build();
  }
}
