package io.statecast.serve;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.batch.ServingModel;
import io.statecast.cell.KernelFactory;
import io.statecast.cell.StepKernel;
import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.ModelSpec;
import java.util.List;

/**
 * One loaded, verified model version as the server's APIs use it: the {@link ServingModel} (its
 * artifact, encoder and engine), its inference columns, and kernels for stateless inference. The
 * stateful API's dispatcher steps the same model through a batcher of its own.
 */
final class InferenceModel implements AutoCloseable {

  private final ServingModel model;
  private final ModelColumns columns;
  private final KernelPool pool;

  InferenceModel(ModelArtifact artifact, KernelFactory factory, int statelessKernels) {
    this.model = new ServingModel(artifact, factory);
    this.columns = ModelColumns.of(spec());
    this.pool = new KernelPool(model::newKernel, statelessKernels);
  }

  /** The model, for the stateful API's batcher. */
  ServingModel model() {
    return model;
  }

  String id() {
    return model.id();
  }

  int version() {
    return model.version();
  }

  ModelSpec spec() {
    return model.spec();
  }

  FeatureEncoder encoder() {
    return model.encoder();
  }

  ModelColumns columns() {
    return columns;
  }

  /** Whether the model has a forecast head (else it outputs its top layer). */
  boolean hasHead() {
    return model.hasHead();
  }

  /**
   * Width of what a step returns: the head's outputs (the horizon, times the levels of a quantile
   * head), or the top layer's size without a head.
   */
  int outputWidth() {
    return model.resultWidth();
  }

  /**
   * Checks that every observation can be encoded (features present and finite) before any is
   * stepped, so a request is refused whole rather than applied in part.
   */
  void validate(List<Observation> observations, String what) {
    float[] x = new float[encoder().size()];
    for (int i = 0; i < observations.size(); i++) {
      try {
        encoder().encode(observations.get(i), FeatureEncoder.NO_PREVIOUS, x, 0);
      } catch (InvalidObservationException e) {
        throw ApiException.badRequest(what + "[" + i + "]: " + e.getMessage());
      }
    }
  }

  /**
   * Stateless inference: steps a fresh state over each window, all windows as one batch, and
   * returns what the last step produced, {@code (N, outputWidth)} row-major, forecasts in target
   * units, each row finished ({@link io.statecast.model.HeadSpec#finish}: quantiles sorted per
   * step). A model that adapts online ({@link ServingModel#adaptation()}) adapts over each window
   * from a fresh key's start, as the stateful API would over the same observations.
   *
   * @param windows {@code N} windows of equal length {@code T}, oldest observation first
   */
  float[] forecastWindows(List<List<Observation>> windows, String key, long timeoutMillis)
      throws InterruptedException {
    int n = windows.size();
    int steps = windows.get(0).size();
    int inputs = encoder().size();
    int width = outputWidth();
    float[] x = new float[n * inputs];
    float[] state = new float[n * spec().stateLayout().size()]; // (N, S), zero state
    float[] output = new float[n * spec().outputSize()]; // (N, R)
    float[] forecast = hasHead() ? new float[n * width] : null; // (N, blocks · h)
    float[] units = hasHead() ? new float[n * width] : null;
    AdaptiveQuantiles adaptive = model.adaptation();
    float[][] adaptation = new float[n][];
    StepKernel kernel = pool.borrow(timeoutMillis);
    try {
      for (int t = 0; t < steps; t++) {
        for (int b = 0; b < n; b++) {
          long previous = t == 0 ? FeatureEncoder.NO_PREVIOUS : eventTime(windows, b, t - 1);
          encode(windows.get(b).get(t), previous, x, b * inputs, b, t);
        }
        kernel.step(n, x, state, output, forecast);
        if (adaptive != null) {
          adapt(adaptive, adaptation, windows, t, key, forecast, units);
        }
      }
    } finally {
      pool.release(kernel);
    }
    if (!hasHead()) {
      return output;
    }
    if (adaptive == null) {
      for (int b = 0; b < n; b++) {
        encoder().forecastToUnits(key, forecast, b * width, width, units, b * width);
      }
    }
    return units;
  }

  /** Step {@code t} of every window: its forecast in units, adapted with the window's actual. */
  private void adapt(
      AdaptiveQuantiles adaptive,
      float[][] adaptation,
      List<List<Observation>> windows,
      int t,
      String key,
      float[] forecast,
      float[] units) {
    int width = outputWidth();
    double scale = encoder().targetScale(key);
    for (int b = 0; b < windows.size(); b++) {
      if (adaptation[b] == null) {
        adaptation[b] = adaptive.initialState();
      }
      Float y = windows.get(b).get(t).getTarget();
      encoder().forecastToUnits(key, forecast, b * width, width, units, b * width);
      adaptive.step(adaptation[b], y == null ? Double.NaN : y, scale, units, b * width);
    }
  }

  private void encode(Observation o, long previous, float[] x, int offset, int b, int t) {
    try {
      encoder().encode(o, previous, x, offset);
    } catch (InvalidObservationException e) {
      throw ApiException.badRequest(
          "observations[" + b + "][" + t + "] cannot be used: " + e.getMessage());
    }
  }

  private static long eventTime(List<List<Observation>> windows, int b, int t) {
    return windows.get(b).get(t).getEventTime();
  }

  @Override
  public void close() {
    pool.close();
  }
}
