package io.statecast.serve;

import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.StepKernel;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's kernel and the batch buffers of a wave: gathers the states of up to {@code maxBatch}
 * keys into one {@code (B, S)} matrix, encodes each key's next observation into {@code x (B, I)},
 * steps the kernel once, and scatters the states back. Used by the dispatcher thread only.
 *
 * <p>When the registry's serving version changes, the stepper switches kernels before the next
 * wave. Held states follow the promotion's policy: {@code KEEP} keeps them when the state layout is
 * unchanged; otherwise ({@code RESET}, {@code REWARM}, or another layout) every key starts afresh.
 * The server keeps no recent observations, so it cannot re-warm: the streaming job does that.
 */
final class WaveStepper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WaveStepper.class);

  private final String modelId;
  private final LoadedModels models;
  private final int maxBatch;

  private ServingModel model;
  private StepKernel kernel;
  private float[] x; // (maxBatch, I)
  private float[] state; // (maxBatch, S)
  private float[] output; // (maxBatch, R)
  private float[] forecast; // (maxBatch, h) or null without a head

  WaveStepper(String modelId, LoadedModels models, int maxBatch) {
    this.modelId = modelId;
    this.models = models;
    this.maxBatch = maxBatch;
  }

  /**
   * Makes the kernel the serving version's, switching if a promotion happened.
   *
   * @throws ApiException when the model has no servable version
   */
  void ensureCurrent(KeyTable keys) {
    int serving = models.servingVersion(modelId);
    if (model != null && model.version() == serving) {
      return;
    }
    ServingModel next = models.version(modelId, serving);
    StepKernel nextKernel = next.newKernel();
    if (model != null) {
      boolean keep =
          models.servingPolicy(modelId) == StatePolicy.KEEP
              && model.spec().stateLayout().equals(next.spec().stateLayout());
      if (keep) {
        keys.relabel(serving);
      } else {
        keys.clear();
      }
      LOG.info(
          "{}: switched from v{} to v{}, {} held states",
          modelId,
          model.version(),
          serving,
          keep ? "kept" : "dropped");
      kernel.close();
    }
    model = next;
    kernel = nextKernel;
    allocate(next.spec());
  }

  private void allocate(ModelSpec spec) {
    x = new float[maxBatch * spec.inputSize()];
    state = new float[maxBatch * spec.stateLayout().size()];
    output = new float[maxBatch * spec.outputSize()];
    forecast = spec.head().present() ? new float[maxBatch * spec.head().horizon()] : null;
  }

  ServingModel model() {
    return model;
  }

  /**
   * Steps the current observation of each job (distinct keys, at most {@code maxBatch}) in one
   * kernel call. Jobs that cannot be stepped (key capacity, an observation the encoder refuses)
   * fail alone; a job whose last observation was stepped completes.
   *
   * @return the number of rows stepped
   */
  int step(
      List<SequenceJob.Steps> jobs,
      KeyTable keys,
      long now,
      java.util.function.IntConsumer stepped) {
    ModelSpec spec = model.spec();
    int inputs = spec.inputSize();
    int size = spec.stateLayout().size();
    List<SequenceJob.Steps> rows = new ArrayList<>(jobs.size());
    List<KeyState> states = new ArrayList<>(jobs.size());
    for (SequenceJob.Steps job : jobs) {
      KeyState s = gather(job, keys, rows.size(), inputs, size, now);
      if (s != null) {
        rows.add(job);
        states.add(s);
      }
    }
    int n = rows.size();
    if (n == 0) {
      return 0;
    }
    try {
      kernel.step(n, x, state, output, forecast);
    } catch (RuntimeException e) {
      LOG.error("{} v{}: a step of {} keys failed", modelId, model.version(), n, e);
      ApiException failure =
          new ApiException(500, "the model failed to step: " + e.getClass().getSimpleName());
      rows.forEach(j -> j.fail(failure));
      return 0;
    }
    stepped.accept(n); // before any reply, so a client that got its answer sees the wave counted
    for (int i = 0; i < n; i++) {
      scatter(rows.get(i), states.get(i), i, size, now);
    }
    return n;
  }

  private KeyState gather(
      SequenceJob.Steps job, KeyTable keys, int row, int inputs, int size, long now) {
    KeyState s;
    try {
      s = keys.getOrCreate(job.key(), size, model.version(), now);
    } catch (ApiException e) {
      job.fail(e);
      return null;
    }
    if (s.modelVersion != model.version()) {
      s.reset(model.version());
    }
    try {
      model.encoder().encode(job.current(), s.lastEventTime, x, row * inputs);
    } catch (InvalidObservationException e) {
      job.fail(
          ApiException.badRequest(
              "observations["
                  + job.applied()
                  + "] cannot be used by v"
                  + model.version()
                  + " (after "
                  + job.applied()
                  + " were applied): "
                  + e.getMessage()));
      return null;
    }
    System.arraycopy(s.packed, 0, state, row * size, size);
    return s;
  }

  private void scatter(SequenceJob.Steps job, KeyState s, int row, int size, long now) {
    Observation o = job.current();
    System.arraycopy(state, row * size, s.packed, 0, size);
    s.steps++;
    s.lastEventTime = o.getEventTime();
    s.touchedNanos = now;
    if (job.advance()) {
      job.complete(result(job, s, row, o.getEventTime()));
    }
  }

  private StepResult result(SequenceJob.Steps job, KeyState s, int row, long eventTime) {
    float[] fc = null;
    float[] out = null;
    if (forecast != null) {
      int h = model.spec().head().horizon();
      fc = new float[h];
      model.encoder().forecastToUnits(job.key(), forecast, row * h, h, fc, 0);
    } else {
      int r = model.spec().outputSize();
      out = java.util.Arrays.copyOfRange(output, row * r, row * r + r);
    }
    return new StepResult(
        modelId, model.version(), job.key(), job.applied(), s.steps, eventTime, fc, out);
  }

  @Override
  public void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
