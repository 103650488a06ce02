package io.statecast.serve;

import io.statecast.avro.Observation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Work for a model's dispatcher, always about one key. Jobs of one key run in the order they were
 * submitted: steps, reads and resets alike.
 */
sealed interface SequenceJob permits SequenceJob.Steps, SequenceJob.Read, SequenceJob.Reset {

  String key();

  /** Completes the job with an error. */
  void fail(Throwable error);

  /** Whether the job has its answer (success or failure). */
  boolean finished();

  /** Observations to step into the key's state, in order (a key's successive rows of a batch). */
  final class Steps implements SequenceJob {
    private final String key;
    private final List<Observation> observations;
    private final CompletableFuture<StepResult> done = new CompletableFuture<>();
    private int next;

    Steps(String key, List<Observation> observations) {
      this.key = key;
      this.observations = List.copyOf(observations);
    }

    @Override
    public String key() {
      return key;
    }

    CompletableFuture<StepResult> done() {
      return done;
    }

    /** Observation {@code i} of the request. */
    Observation observation(int i) {
      return observations.get(i);
    }

    /** Observations of the request. */
    int size() {
      return observations.size();
    }

    /** Observations stepped so far: the next one to step. */
    int applied() {
      return next;
    }

    /** Records {@code rows} more observations stepped; true when they were the last. */
    boolean advance(int rows) {
      next += rows;
      return next == observations.size();
    }

    void complete(StepResult r) {
      done.complete(r);
    }

    @Override
    public void fail(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public boolean finished() {
      return done.isDone();
    }
  }

  /** Reads a copy of the key's state. */
  record Read(String key, CompletableFuture<Optional<KeyStateView>> done) implements SequenceJob {
    @Override
    public void fail(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public boolean finished() {
      return done.isDone();
    }
  }

  /** Forgets the key's state; answers whether there was one. */
  record Reset(String key, CompletableFuture<Boolean> done) implements SequenceJob {
    @Override
    public void fail(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public boolean finished() {
      return done.isDone();
    }
  }
}
