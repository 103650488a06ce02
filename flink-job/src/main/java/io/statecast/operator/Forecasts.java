package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds the forecast record of one stepped event. */
final class Forecasts {

  private Forecasts() {}

  /**
   * The forecast record of the batch's stepped row {@code i} (its values in target units, see
   * {@link KeyedBatch#recorder}), made by {@code model}, emitted at {@code now}.
   */
  static Forecast of(KeyedBatch<ObservationEvent> batch, int i, ServingModel model, long now) {
    ObservationEvent e = batch.row(i);
    int horizon = batch.width();
    List<Float> values = new ArrayList<>(horizon);
    for (int j = 0; j < horizon; j++) {
      values.add(batch.values[i * horizon + j]);
    }
    return Forecast.newBuilder()
        .setKey(e.key())
        .setEventTime(e.eventTime())
        .setValues(values)
        .setModelId(model.id())
        .setModelVersion(model.version())
        .setSteps(batch.steps[i])
        .setTarget(e.observation.getTarget())
        .setObservedAt(e.ingestTime)
        .setEmittedAt(now)
        .build();
  }
}
