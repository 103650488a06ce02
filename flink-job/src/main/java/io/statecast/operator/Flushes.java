package io.statecast.operator;

import io.statecast.batch.Batcher;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.Stepper;
import io.statecast.source.ObservationEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.function.ThrowingRunnable;
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
 * Flink state and the output must: the operator completes the {@link Done} batches that {@link
 * #start} (when it had to wait), {@link #awaitInFlight} (before a watermark, a checkpoint barrier,
 * a model switch, the end of input) and {@link #takeStepped} (in a mail the kernel thread posts to
 * the task's mailbox when a step is done, so that forecasts do not wait for the next flush when
 * input pauses) return. This class never calls back into the operator's completion.
 *
 * <p>While a batch is in flight the kernel thread owns its keys' states — vectors, step counts,
 * last event times — and writes its results ({@link KeyedBatch#values}); the operator thread reads
 * only the batches' entries ({@link #inFlightEntry}, newest batch first), which the kernel thread
 * does not write. A key that gets a new event while in flight therefore continues from its newest
 * in-flight entry (its state object and that batch's last event time for it), never from a stale
 * read of Flink state, and its new step runs after the in-flight ones: one kernel thread steps the
 * batches in the order they were handed over. So a completed batch writes the states of only those
 * of its keys that no later batch in flight steps again ({@link Done#toWrite}).
 */
final class Flushes implements AutoCloseable {

  /**
   * Batches in flight at most: one stepping and one queued, so that the kernel thread goes from one
   * step to the next without waiting for the operator thread to wake up and hand it over.
   */
  static final int QUEUED = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Flushes.class);

  /**
   * A stepped batch, to complete on the operator thread: emit its forecasts, write the states of
   * {@code toWrite} (its keys that no later batch in flight steps again), recycle it into its
   * batcher.
   */
  record Done(
      Batcher<ObservationEvent> batcher,
      KeyedBatch<ObservationEvent> batch,
      Stepper.Flush stats,
      List<KeyedBatch.KeyEntry> toWrite) {}

  private record InFlight(
      Batcher<ObservationEvent> batcher,
      KeyedBatch<ObservationEvent> batch,
      Future<Stepper.Flush> step) {}

  private final ExecutorService kernelThread; // null: inline
  private final MailboxExecutor mailbox; // null: inline
  private final ThrowingRunnable<? extends Exception> onStepped; // the mail of a finished step
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>(QUEUED); // oldest first
  private boolean closed;
  private volatile boolean stepFailed; // written by the kernel thread

  private Flushes(
      ExecutorService kernelThread,
      MailboxExecutor mailbox,
      ThrowingRunnable<? extends Exception> onStepped) {
    this.kernelThread = kernelThread;
    this.mailbox = mailbox;
    this.onStepped = onStepped;
  }

  /** Every flush steps on the calling (operator) thread. */
  static Flushes inline() {
    return new Flushes(null, null, null);
  }

  /**
   * Flushes step on a daemon thread named {@code threadName}; a finished step posts {@code
   * onStepped} to {@code mailbox} (the operator's: it runs on the operator thread and completes
   * what {@link #takeStepped} returns).
   */
  static Flushes overlapped(
      MailboxExecutor mailbox, String threadName, ThrowingRunnable<? extends Exception> onStepped) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    return new Flushes(thread, mailbox, onStepped);
  }

  boolean overlapping() {
    return kernelThread != null;
  }

  /**
   * Hands over the batcher's filling batch and steps it. Inline: steps it here and returns it.
   * Overlapped: when {@link #QUEUED} batches are in flight, waits for the oldest one's step; hands
   * this batch to the kernel thread; returns the oldest one if it waited for it.
   *
   * @param writer where states evicted from a device go (resident states, inline only)
   * @return the batches to complete now, oldest first
   */
  List<Done> start(Batcher<ObservationEvent> batcher, Stepper.StateWriter writer) throws Exception {
    if (kernelThread == null) {
      KeyedBatch<ObservationEvent> batch = batcher.handOver();
      return List.of(new Done(batcher, batch, batcher.step(batch, writer), batch.keys()));
    }
    InFlight oldest = inFlight.size() < QUEUED ? null : inFlight.peekFirst();
    Stepper.Flush oldestStats = oldest == null ? null : stepOf(oldest);
    if (oldest != null) {
      inFlight.pollFirst();
    }
    KeyedBatch<ObservationEvent> batch = batcher.handOver();
    FutureTask<Stepper.Flush> step =
        new FutureTask<>(() -> step(batcher, batch, writer)) {
          @Override
          protected void done() { // once isDone(): the mail then always finds the step finished
            wakeOperator();
          }
        };
    kernelThread.execute(step);
    inFlight.addLast(new InFlight(batcher, batch, step));
    return oldest == null ? List.of() : List.of(done(oldest, oldestStats));
  }

  /**
   * One step, on the kernel thread. After a step has failed the kernel thread steps nothing more:
   * the batches queued behind it would start from states it may have left half-written.
   */
  private Stepper.Flush step(
      Batcher<ObservationEvent> batcher,
      KeyedBatch<ObservationEvent> batch,
      Stepper.StateWriter writer)
      throws Exception {
    if (stepFailed) {
      throw new IllegalStateException("not stepped: the step of an earlier batch failed");
    }
    try {
      return batcher.step(batch, writer);
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
  KeyedBatch.KeyEntry inFlightEntry(String key) {
    for (Iterator<InFlight> newestFirst = inFlight.descendingIterator(); newestFirst.hasNext(); ) {
      KeyedBatch.KeyEntry entry = newestFirst.next().batch.entry(key);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  /**
   * Waits for every batch in flight; returns them, oldest first. A failed step is rethrown here.
   */
  List<Done> awaitInFlight() throws Exception {
    List<Done> done = new ArrayList<>(inFlight.size());
    while (!inFlight.isEmpty()) {
      done.add(takeOldest());
    }
    return done;
  }

  /**
   * The batches in flight whose steps are done, oldest first (what a finished step's mail takes).
   */
  List<Done> takeStepped() throws Exception {
    List<Done> done = new ArrayList<>(QUEUED);
    while (!closed && !inFlight.isEmpty() && inFlight.peekFirst().step.isDone()) {
      done.add(takeOldest());
    }
    return done;
  }

  private Done takeOldest() throws Exception {
    InFlight f = inFlight.peekFirst();
    Stepper.Flush stats = stepOf(f);
    inFlight.pollFirst();
    return done(f, stats);
  }

  /** A batch taken out of flight: it writes the keys no later batch in flight steps again. */
  private Done done(InFlight f, Stepper.Flush stats) {
    List<KeyedBatch.KeyEntry> toWrite = new ArrayList<>(f.batch.keys().size());
    for (KeyedBatch.KeyEntry e : f.batch.keys()) {
      if (inFlightEntry(e.key) == null) {
        toWrite.add(e);
      }
    }
    return new Done(f.batcher, f.batch, stats, toWrite);
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

  private void wakeOperator() {
    try {
      mailbox.execute(onStepped, "complete a stepped batch");
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
