package io.statecast.serve;

import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyState;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.Residency;
import io.statecast.batch.Stepper;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's stateful stepping, on the keyed-batch engine the streaming job uses too ({@link
 * Batcher}): fills a batch with the observations of up to {@code maxBatch} keys' requests, steps it
 * in waves (a key's observations one after the other, every wave one kernel call), and answers the
 * requests whose last observation was stepped. Used by the dispatcher thread only.
 *
 * <p>A batch takes its rows round-robin — first the next observation of every request, then the one
 * after, up to {@code maxBatch} rows — so that one long request cannot crowd out the others, and
 * its first wave holds every key.
 *
 * <p>When the registry's serving version changes, the stepper switches models before the next
 * batch. Held states follow the promotion's policy: {@code KEEP} keeps them when the state layout
 * is unchanged; otherwise ({@code RESET}, {@code REWARM}, or another layout) every key starts
 * afresh. The server keeps no recent observations, so it cannot re-warm: the streaming job does
 * that.
 */
final class SequenceStepper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SequenceStepper.class);
  private static final Stepper.StateWriter NO_DEVICE = (key, state) -> {}; // states stay here

  private final String modelId;
  private final LoadedModels models;
  private final int maxBatch;
  private InferenceModel model;
  private Batcher<SequenceRow> batcher;

  SequenceStepper(String modelId, LoadedModels models, int maxBatch) {
    this.modelId = modelId;
    this.models = models;
    this.maxBatch = maxBatch;
  }

  /**
   * Makes the model the serving version, switching if a promotion happened.
   *
   * @throws ApiException when the model has no servable version
   */
  void ensureCurrent(KeyTable keys) {
    int serving = models.servingVersion(modelId);
    if (model != null && model.version() == serving) {
      return;
    }
    InferenceModel next = models.version(modelId, serving);
    Batcher<SequenceRow> nextBatcher = next.model().newBatcher(maxBatch, Residency.OFF);
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
      batcher.close();
    }
    model = next;
    batcher = nextBatcher;
  }

  InferenceModel model() {
    return model;
  }

  /**
   * Steps the next observations of each job (distinct keys, at most {@code maxBatch}) as one batch.
   * Jobs that cannot be stepped (key capacity, an observation the encoder refuses) fail alone; a
   * job whose last observation was stepped completes.
   *
   * @param waveSizes told the rows of each kernel call
   * @return the number of rows stepped
   */
  int step(List<SequenceJob.Steps> jobs, KeyTable keys, long now, IntConsumer waveSizes) {
    KeyedBatch<SequenceRow> batch = batcher.filling();
    try {
      fill(batch, jobs, keys, now);
      if (batch.isEmpty()) {
        return 0;
      }
      Stepper.Flush f;
      try {
        f = batcher.step(batch, NO_DEVICE);
      } catch (Exception | Error e) {
        LOG.error("{} v{}: a step of {} rows failed", modelId, model.version(), batch.size(), e);
        ApiException failure =
            new ApiException(500, "the model failed to step: " + e.getClass().getSimpleName());
        jobs.forEach(j -> j.fail(failure));
        return 0;
      }
      Arrays.stream(f.waveSizes()).forEach(waveSizes); // before any reply: a client sees it
      answer(batch);
      return batch.size();
    } finally {
      batch.clear();
    }
  }

  /** Adds the jobs' next observations round-robin, up to the batch's capacity. */
  private void fill(
      KeyedBatch<SequenceRow> batch, List<SequenceJob.Steps> jobs, KeyTable keys, long now) {
    List<SequenceJob.Steps> open = new ArrayList<>(jobs.size());
    List<KeyState> states = new ArrayList<>(jobs.size());
    for (SequenceJob.Steps job : jobs) {
      try {
        states.add(
            keys.acquire(job.key(), model.version(), model.spec().stateLayout().size(), now));
        open.add(job);
      } catch (ApiException e) {
        job.fail(e);
      }
    }
    for (int pass = 0; !open.isEmpty() && !batch.isFull(); pass++) {
      for (int j = 0; j < open.size() && !batch.isFull(); j++) {
        SequenceJob.Steps job = open.get(j);
        int index = job.applied() + pass;
        if (job.finished() || index >= job.size() || !add(batch, job, index, states.get(j))) {
          open.remove(j);
          states.remove(j);
          j--;
        }
      }
    }
  }

  /** Encodes one observation into the batch; false (and the job failed) when it cannot. */
  private boolean add(
      KeyedBatch<SequenceRow> batch, SequenceJob.Steps job, int index, KeyState state) {
    KeyedBatch.KeyEntry entry = batch.entry(job.key());
    long previous = entry != null ? entry.lastEventTime : state.lastEventTime;
    int offset = batch.nextInputOffset();
    try {
      model
          .encoder()
          .encode(
              job.observation(index),
              previous == Long.MIN_VALUE ? FeatureEncoder.NO_PREVIOUS : previous,
              batch.x,
              offset);
    } catch (InvalidObservationException e) {
      job.fail(
          ApiException.badRequest(
              "observations["
                  + index
                  + "] cannot be used by v"
                  + model.version()
                  + " (after "
                  + index
                  + " were applied): "
                  + e.getMessage()));
      return false;
    }
    batch.add(new SequenceRow(job, index), state, true, false);
    return true;
  }

  /** Moves each job past its stepped rows; a job whose last row was stepped gets its answer. */
  private void answer(KeyedBatch<SequenceRow> batch) {
    for (KeyedBatch.KeyEntry e : batch.keys()) {
      SequenceRow last = batch.row(e.lastRow());
      SequenceJob.Steps job = last.job();
      if (!job.finished() && job.advance(e.rows())) {
        job.complete(result(batch, job, e.lastRow(), last));
      }
    }
  }

  private StepResult result(
      KeyedBatch<SequenceRow> batch, SequenceJob.Steps job, int row, SequenceRow last) {
    int from = row * batch.width();
    Observation o = job.observation(last.index());
    HeadSpec head = model.spec().head();
    boolean forecasts = model.hasHead();
    return new StepResult(
        modelId,
        model.version(),
        job.key(),
        job.applied(),
        batch.steps[row],
        o.getEventTime(),
        forecasts ? HeadOutputs.point(head, batch.values, from) : null,
        forecasts ? HeadOutputs.intervals(head, batch.values, from) : null,
        forecasts ? null : Arrays.copyOfRange(batch.values, from, from + batch.width()));
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
      batcher = null;
    }
  }
}
