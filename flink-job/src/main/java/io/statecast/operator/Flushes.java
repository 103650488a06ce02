package io.statecast.operator;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator's flushes: on the operator thread ({@link #inline}), or on a kernel thread of
 * their own while the operator thread goes on filling the next batch ({@link #overlapped}).
 *
 * <pre>
 * inline:      operator  [fill B1][step B1][emit B1][fill B2][step B2][emit B2] …
 * overlapped:  operator  [fill B1][fill B2][fill B3 ……][emit B1][fill B4 ……][emit B2] …
 *              kernel             [step B1 ………][step B2 ………][step B3 ………][step B4 …
 * </pre>
 *
 * Up to {@link #QUEUED} batches are in flight: one stepping, the next queued behind it, so that the
 * kernel thread goes from one step to the next without waiting for the operator thread to wake up
 * and hand it over. Starting a flush when that many are in flight waits for the oldest step (that
 * wait is the back-pressure when the kernel is the slower stage), hands the new batch over at once,
 * and only then completes the oldest, so that the kernel does not wait while the operator thread
 * emits. Completing a batch — emitting its forecasts, writing its states into Flink state — always
 * happens on the operator thread, in the order the batches were flushed, as everything touching
 * Flink state and the output must: when a flush has to wait, when the operator drains ({@link
 * #awaitInFlight}: before a watermark, a checkpoint barrier, a model switch, the end of input), or
 * in a mail the kernel thread posts to the task's mailbox when a step is done, so that forecasts do
 * not wait for the next flush when input pauses.
 *
 * <p>While a batch is in flight the kernel thread owns its keys' states — vectors, step counts,
 * last event times — and writes its forecast records ({@link PendingBatch#forecasts}); the operator
 * thread reads only the batches' entries ({@link #inFlightEntry}, newest batch first), which the
 * kernel thread does not write. A key that gets a new event while in flight therefore continues
 * from its newest in-flight entry (its state object and that batch's last event time for it), never
 * from a stale read of Flink state, and its new step runs after the in-flight ones: one kernel
 * thread steps the batches in the order they were handed over.
 */
final class Flushes implements AutoCloseable {

  /**
   * Batches in flight at most: one stepping and one queued. With one, the kernel thread sat idle
   * between a step and the operator thread's hand-over of the next (two thread wake-ups per batch):
   * busy 0.89 of a core. Measured in the flink section (no Kafka, 2-core Sapphire Rapids, two runs
   * each way, alternating): overlapped steps 199,800–210,040 events/s with one in flight (median
   * 204,200), 210,000–228,400 with two (median 217,700); 1.09–1.12× → 1.15–1.21× the steps on the
   * operator thread.
   */
  static final int QUEUED = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Flushes.class);

  /** Completes a stepped batch on the operator thread: emits, writes state, clears the batch. */
  interface Completion {
    void complete(PendingBatch batch, Stepper.Flush flush) throws Exception;
  }

  private final Completion completion;
  private final ExecutorService kernelThread; // null: inline
  private final MailboxExecutor mailbox; // null: inline
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>(QUEUED); // oldest first
  private boolean closed;
  private volatile boolean stepFailed; // written by the kernel thread

  private record InFlight(ServingModel model, PendingBatch batch, Future<Stepper.Flush> step) {}

  private Flushes(Completion completion, ExecutorService kernelThread, MailboxExecutor mailbox) {
    this.completion = completion;
    this.kernelThread = kernelThread;
    this.mailbox = mailbox;
  }

  /** Every flush steps and completes on the calling (operator) thread. */
  static Flushes inline(Completion completion) {
    return new Flushes(completion, null, null);
  }

  /**
   * Flushes step on a daemon thread named {@code threadName}; a finished step posts its completion
   * to {@code mailbox} (the operator's: it runs on the operator thread).
   */
  static Flushes overlapped(Completion completion, MailboxExecutor mailbox, String threadName) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    return new Flushes(completion, thread, mailbox);
  }

  boolean overlapping() {
    return kernelThread != null;
  }

  /**
   * Flushes the model's batch. Inline: steps and completes it. Overlapped: when {@link #QUEUED}
   * batches are in flight, waits for the oldest one's step; hands this batch to the kernel thread
   * (the model gets an empty batch to fill); then completes the oldest one if it waited for it.
   */
  void start(ServingModel model, Stepper.StateWriter writer) throws Exception {
    if (kernelThread == null) {
      PendingBatch batch = model.batch;
      completion.complete(
          batch, model.stepper.run(batch, Forecasts.recorder(batch, model), writer));
      return;
    }
    InFlight oldest = inFlight.size() < QUEUED ? null : inFlight.peekFirst();
    Stepper.Flush oldestStats = oldest == null ? null : stepOf(oldest);
    if (oldest != null) {
      inFlight.pollFirst();
    }
    PendingBatch batch = model.handOver();
    FutureTask<Stepper.Flush> step =
        new FutureTask<>(() -> step(model, batch, writer)) {
          @Override
          protected void done() { // once isDone(): the mail then always finds the step finished
            wakeOperator();
          }
        };
    kernelThread.execute(step);
    inFlight.addLast(new InFlight(model, batch, step));
    if (oldest != null) {
      complete(oldest, oldestStats);
    }
  }

  /**
   * One step, on the kernel thread. After a step has failed the kernel thread steps nothing more:
   * the batches queued behind it would start from states it may have left half-written.
   */
  private Stepper.Flush step(ServingModel model, PendingBatch batch, Stepper.StateWriter writer)
      throws Exception {
    if (stepFailed) {
      throw new IllegalStateException("not stepped: the step of an earlier batch failed");
    }
    try {
      return model.stepper.run(batch, Forecasts.recorder(batch, model), writer);
    } catch (Exception | Error e) {
      stepFailed = true;
      throw e;
    }
  }

  /** Whether a batch was handed to the kernel thread and is not completed yet. */
  boolean inFlight() {
    return !inFlight.isEmpty();
  }

  /** The entry of {@code key} in the newest batch in flight that has the key, or null. */
  PendingBatch.KeyEntry inFlightEntry(String key) {
    for (Iterator<InFlight> newestFirst = inFlight.descendingIterator(); newestFirst.hasNext(); ) {
      PendingBatch.KeyEntry entry = newestFirst.next().batch.entry(key);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  /**
   * Waits for every batch in flight and completes them, oldest first; a failed step is rethrown
   * here.
   */
  void awaitInFlight() throws Exception {
    while (!inFlight.isEmpty()) {
      completeOldest();
    }
  }

  /** Completes the oldest batch in flight, once its step is done. */
  private void completeOldest() throws Exception {
    InFlight f = inFlight.peekFirst();
    Stepper.Flush stats = stepOf(f);
    inFlight.pollFirst();
    complete(f, stats);
  }

  private void complete(InFlight f, Stepper.Flush stats) throws Exception {
    completion.complete(f.batch, stats);
    f.model.recycle(f.batch);
  }

  /**
   * Waits for a batch's step. A failed step is rethrown, and nothing is in flight any more: the
   * batches behind it are dropped and never stepped (see {@link #step}); the task restores from its
   * last checkpoint.
   */
  private Stepper.Flush stepOf(InFlight f) throws Exception {
    try {
      return f.step.get();
    } catch (ExecutionException e) {
      abandonInFlight();
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new Exception("stepping a batch on the kernel thread failed", e.getCause());
    }
  }

  /** Forgets the batches in flight; the steps not started yet will not run. */
  private void abandonInFlight() {
    for (InFlight f : inFlight) {
      f.step.cancel(false);
    }
    inFlight.clear();
  }

  /**
   * Completes the batches in flight whose steps are done, oldest first (a finished step's mail).
   */
  void completeIfDone() throws Exception {
    while (!closed && !inFlight.isEmpty() && inFlight.peekFirst().step.isDone()) {
      completeOldest();
    }
  }

  private void wakeOperator() {
    try {
      mailbox.execute(this::completeIfDone, "complete a stepped batch");
    } catch (RuntimeException e) {
      // The mailbox is closed: the task is going away and nothing will be completed.
      LOG.debug("no mailbox to complete a stepped batch: {}", e.toString());
    }
  }

  /**
   * Stops the kernel thread, waiting for a step in progress (the kernel it uses is closed after
   * this); the batches still in flight are dropped uncompleted and the queued ones never stepped,
   * as on a failure the task restores from its last checkpoint, which never contains a batch in
   * flight.
   */
  @Override
  public void close() {
    closed = true;
    abandonInFlight();
    if (kernelThread == null) {
      return;
    }
    kernelThread.shutdown();
    // Waits even when the task thread is interrupted (a cancel): a kernel closed under a running
    // step could free native memory it is using. A step takes milliseconds.
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!kernelThread.isTerminated() && System.nanoTime() < deadline) {
      try {
        kernelThread.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (!kernelThread.isTerminated()) {
      LOG.warn("the kernel thread did not stop within 30 s; closing the kernel anyway");
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
