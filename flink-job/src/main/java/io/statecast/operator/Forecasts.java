package io.statecast.operator;

import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
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
    List<Float> values;
    List<ForecastInterval> intervals = null;
    if (head.present()) {
      values = slice(batch.values, row + head.pointOffset(), head.horizon());
      if (head.probabilistic()) {
        intervals = new ArrayList<>();
        for (HeadSpec.Interval in : head.intervals()) {
          intervals.add(
              new ForecastInterval(
                  (float) in.coverage(),
                  slice(batch.values, row + in.lowerOffset(), head.horizon()),
                  slice(batch.values, row + in.upperOffset(), head.horizon())));
        }
      }
    } else {
      values = slice(batch.values, row, batch.width());
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
        .setIntervals(intervals)
        .build();
  }

  private static List<Float> slice(float[] v, int from, int n) {
    List<Float> out = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      out.add(v[from + j]);
    }
    return out;
  }
}
