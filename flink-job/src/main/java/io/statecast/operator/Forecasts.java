package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds the forecast record of one stepped event. */
final class Forecasts {

  private Forecasts() {}

  /** The forecast of {@code e}, whose values in target units are in {@code model.units}. */
  static Forecast of(ObservationEvent e, KeyState state, ServingModel model, long now) {
    List<Float> values = new ArrayList<>(model.units.length);
    for (float v : model.units) {
      values.add(v);
    }
    return Forecast.newBuilder()
        .setKey(e.key())
        .setEventTime(e.eventTime())
        .setValues(values)
        .setModelId(model.spec.id())
        .setModelVersion(model.spec.version())
        .setSteps(state.steps)
        .setTarget(e.observation.getTarget())
        .setObservedAt(e.ingestTime)
        .setEmittedAt(now)
        .build();
  }
}
