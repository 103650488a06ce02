package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
import io.statecast.features.ForecastIntervals;
import io.statecast.model.HeadSpec;
import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.List;

/** Builds the forecast record of one stepped event. */
final class Forecasts {

  private Forecasts() {}

  /**
   * The forecast record of the batch's stepped row {@code i} (its values in target units, see
   * {@link KeyedBatch#recorder}), made by {@code model}, emitted at {@code now}: the point forecast
   * (a quantile head's median) and, for a quantile head, its central intervals.
   */
  static Forecast of(KeyedBatch<ObservationEvent> batch, int i, ServingModel model, long now) {
    ObservationEvent e = batch.row(i);
    int row = i * batch.width();
    HeadSpec head = model.spec().head();
    return Forecast.newBuilder()
        .setKey(e.key())
        .setEventTime(e.eventTime())
        .setValues(
            head.present()
                ? ForecastIntervals.point(head, batch.values, row)
                : topLayer(batch.values, row, batch.width()))
        .setModelId(model.id())
        .setModelVersion(model.version())
        .setSteps(batch.steps[i])
        .setTarget(e.observation.getTarget())
        .setObservedAt(e.ingestTime)
        .setEmittedAt(now)
        .setIntervals(head.present() ? ForecastIntervals.of(head, batch.values, row) : null)
        .build();
  }

  private static List<Float> topLayer(float[] v, int from, int n) {
    List<Float> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(v[from + j]);
    }
    return out;
  }
}
