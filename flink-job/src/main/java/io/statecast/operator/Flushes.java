package io.statecast.operator;

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
 * Runs the operator's flushes: on the operator thread ({@link #inline}), or each on a kernel thread
 * of its own while the operator thread goes on filling the next batch ({@link #overlapped}).
 *
 * <pre>
 * inline:      operator  [fill B1][step B1][emit B1][fill B2][step B2][emit B2] …
 * overlapped:  operator  [fill B1][fill B2 ……][emit B1][fill B3 ……][emit B2][fill B4 …
 *              kernel             [step B1 ………]       [step B2 ………]       [step B3 …
 * </pre>
 *
 * At most one batch is being stepped: starting a flush waits for the step of the batch in flight,
 * if any (that wait is the back-pressure when the kernel is the slower stage), hands the new batch
 * to the kernel thread at once, and only then completes the previous one, so that the kernel does
 * not wait while the operator thread emits. Completing a batch — emitting its forecasts, writing
 * its states into Flink state — always happens on the operator thread, as everything touching Flink
 * state and the output must: either when the next flush starts, when the operator drains ({@link
 * #awaitInFlight}: before a watermark, a checkpoint barrier, a model switch, the end of input), or
 * in a mail the kernel thread posts to the task's mailbox when its step is done, so that forecasts
 * do not wait for the next flush when input pauses.
 *
 * <p>While a batch is in flight the kernel thread owns its keys' states — vectors, step counts,
 * last event times — and writes its forecast records ({@link PendingBatch#forecasts}); the operator
 * thread reads only the batch's entries ({@link #inFlightEntry}), which the kernel thread does not
 * write. A key that gets a new event while in flight therefore continues from the in-flight entry
 * (its state object and the batch's last event time for it), never from a stale read of Flink
 * state, and its new step runs after the in-flight one, which is completed before the next flush
 * starts.
 */
final class Flushes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Flushes.class);

  /** Completes a stepped batch on the operator thread: emits, writes state, clears the batch. */
  interface Completion {
    void complete(PendingBatch batch, Stepper.Flush flush) throws Exception;
  }

  private final Completion completion;
  private final ExecutorService kernelThread; // null: inline
  private final MailboxExecutor mailbox; // null: inline
  private InFlight inFlight;
  private boolean closed;

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
   * Flushes the model's batch. Inline: steps and completes it. Overlapped: waits for the step of
   * the batch in flight, if any, hands this one to the kernel thread (the model gets an empty batch
   * to fill), then completes the previous one while the kernel steps this one.
   */
  void start(ServingModel model, Stepper.StateWriter writer) throws Exception {
    if (kernelThread == null) {
      PendingBatch batch = model.batch;
      completion.complete(
          batch, model.stepper.run(batch, Forecasts.recorder(batch, model), writer));
      return;
    }
    InFlight previous = inFlight;
    Stepper.Flush previousStats = previous == null ? null : stepOf(previous);
    PendingBatch batch = model.handOver();
    FutureTask<Stepper.Flush> step =
        new FutureTask<>(() -> model.stepper.run(batch, Forecasts.recorder(batch, model), writer)) {
          @Override
          protected void done() { // once isDone(): the mail then always finds the step finished
            wakeOperator();
          }
        };
    kernelThread.execute(step);
    inFlight = new InFlight(model, batch, step);
    if (previous != null) {
      complete(previous, previousStats);
    }
  }

  /** Whether a batch was handed to the kernel thread and is not completed yet. */
  boolean inFlight() {
    return inFlight != null;
  }

  /** The entry of {@code key} in the batch being stepped, or null. */
  PendingBatch.KeyEntry inFlightEntry(String key) {
    return inFlight == null ? null : inFlight.batch.entry(key);
  }

  /** Waits for the batch in flight, if any, and completes it; a failed step is rethrown here. */
  void awaitInFlight() throws Exception {
    if (inFlight == null) {
      return;
    }
    InFlight f = inFlight;
    Stepper.Flush stats = stepOf(f);
    inFlight = null;
    complete(f, stats);
  }

  private void complete(InFlight f, Stepper.Flush stats) throws Exception {
    completion.complete(f.batch, stats);
    f.model.recycle(f.batch);
  }

  /** Waits for a batch's step; a failed step is rethrown (and nothing is in flight any more). */
  private Stepper.Flush stepOf(InFlight f) throws Exception {
    try {
      return f.step.get();
    } catch (ExecutionException e) {
      inFlight = null;
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new Exception("stepping a batch on the kernel thread failed", e.getCause());
    }
  }

  /** Completes the batch in flight if its step is done (the mail a finished step posts). */
  void completeIfDone() throws Exception {
    if (!closed && inFlight != null && inFlight.step.isDone()) {
      awaitInFlight();
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
   * this); a batch still in flight is dropped uncompleted, as on a failure the task restores from
   * its last checkpoint, which never contains a batch in flight.
   */
  @Override
  public void close() {
    closed = true;
    inFlight = null;
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
