package io.statecast.serve;

import io.statecast.batch.BatchRow;

/** One observation of a stateful request, as a row of the dispatcher's batch. */
record SequenceRow(SequenceJob.Steps job, int index) implements BatchRow {

  @Override
  public String key() {
    return job.key();
  }

  @Override
  public long eventTime() {
    return job.observation(index).getEventTime();
  }

  @Override
  public double target() {
    Float t = job.observation(index).getTarget();
    return t == null ? Double.NaN : t;
  }
}
