package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.ServingModel;
import io.statecast.batch.Stepper;
import io.statecast.cell.Engine;
import io.statecast.source.ObservationEvent;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Flushes} on its own, with a real task mailbox: the hand-over of batches between the
 * operator thread and the kernel thread, and a step that fails on the kernel thread.
 */
class FlushesTest {

  @TempDir Path tmp;
  private ModelArtifact artifact;
  private final TaskMailbox mailbox = new TaskMailboxImpl(Thread.currentThread());
  private final List<KeyedBatch<ObservationEvent>> completed = new ArrayList<>();
  private final List<Boolean> anotherInFlightWhenCompleted = new ArrayList<>();
  private final List<List<String>> written = new ArrayList<>();
  private Flushes flushes;
  private ServingModel model;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.write(tmp.resolve("model"));
    model = new ServingModel(artifact, Engine.DEFAULT);
  }

  /** What the operator does with stepped batches: here, records them. */
  private void complete(List<Flushes.Done> done) {
    for (Flushes.Done d : done) {
      completed.add(d.batch());
      anotherInFlightWhenCompleted.add(flushes.inFlight());
      written.add(d.toWrite().stream().map(e -> e.key).toList());
      d.batch().clear();
      d.batcher().recycle(d.batch());
    }
  }

  private Flushes overlapped() {
    flushes =
        Flushes.overlapped(
            new MailboxExecutorImpl(mailbox, 0, StreamTaskActionExecutor.IMMEDIATE),
            "test-kernel",
            () -> complete(flushes.takeStepped()));
    return flushes;
  }

  private Batcher<ObservationEvent> batcher(Stepper stepper) {
    return new Batcher<>(model, stepper, 4);
  }

  private void add(Batcher<ObservationEvent> b, String key, int day) {
    var e = TestModels.event(key, day, 1, day);
    b.filling().nextInputOffset();
    b.filling().add(e, model.freshState(Long.MIN_VALUE, 0), false, false);
  }

  /** Adds one event of {@code key} to the filling batch and flushes it; returns that batch. */
  private KeyedBatch<ObservationEvent> flushOne(
      Flushes f, Batcher<ObservationEvent> b, String key, int day) throws Exception {
    add(b, key, day);
    KeyedBatch<ObservationEvent> batch = b.filling();
    complete(f.start(b, (k, s) -> {}));
    return batch;
  }

  /** The next mail of the task mailbox, taken on this (the mailbox's) thread, within 10 s. */
  private Mail nextMail() {
    return await("a mail in the task mailbox")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .pollInSameThread() // only the mailbox thread may take mails
        .until(() -> mailbox.tryTake(TaskMailbox.MIN_PRIORITY), Optional::isPresent)
        .get();
  }

  /** A stepper that steps nothing, each call waiting for its own permit. */
  private static final class GatedStepper implements Stepper {
    final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
    final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer) throws Exception {
      threads.add(Thread.currentThread().getName());
      if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new AssertionError("no permit to step within 10 s");
      }
      return new Flush(batch.size(), 1, batch.size(), 0, new int[] {batch.size()});
    }

    @Override
    public int writeBack(StateWriter writer) {
      return 0;
    }

    @Override
    public void close() {}
  }

  @Test
  void aStepOnTheKernelThreadLeavesAFreshBatchToFillAndItsMailCompletesIt() throws Exception {
    GatedStepper stepper = new GatedStepper();
    Batcher<ObservationEvent> m = batcher(stepper);
    try (Flushes f = overlapped()) {
      KeyedBatch<ObservationEvent> first = flushOne(f, m, "a", 1);
      assertThat(m.filling()).as("a fresh batch fills meanwhile").isNotSameAs(first);
      assertThat(m.filling().isEmpty()).isTrue();
      assertThat(f.inFlightEntry("a")).isNotNull();
      add(m, "a", 2); // the same key, while its first event is in flight
      stepper.permits.release();
      nextMail().run(); // the operator thread runs the completion
      assertThat(completed).containsExactly(first);
      assertThat(f.inFlight()).isFalse();
      assertThat(m.filling().size()).isEqualTo(1);
      stepper.permits.release();
      complete(f.start(m, (k, s) -> {}));
      complete(f.awaitInFlight());
      assertThat(completed).hasSize(2);
      assertThat(stepper.threads).containsOnly("test-kernel");
    }
  }

  @Test
  void aSecondBatchQueuesBehindTheFirstAndAThirdWaitsForTheOldest() throws Exception {
    GatedStepper stepper = new GatedStepper();
    Batcher<ObservationEvent> m = batcher(stepper);
    try (Flushes f = overlapped()) {
      KeyedBatch<ObservationEvent> first = flushOne(f, m, "a", 1);
      // queued behind the first: no wait, nothing completed
      KeyedBatch<ObservationEvent> second = flushOne(f, m, "b", 1);
      assertThat(completed).isEmpty();
      assertThat(f.inFlightEntry("a")).isSameAs(first.entry("a"));
      assertThat(f.inFlightEntry("b")).isSameAs(second.entry("b"));
      stepper.permits.release(); // the first step may finish; its mail is not run
      // waits for the first step, hands the third over, completes the first
      KeyedBatch<ObservationEvent> third = flushOne(f, m, "c", 1);
      assertThat(completed).containsExactly(first);
      assertThat(anotherInFlightWhenCompleted).containsExactly(true);
      assertThat(f.inFlightEntry("a")).as("the first batch is no longer in flight").isNull();
      stepper.permits.release(2);
      complete(f.awaitInFlight());
      assertThat(completed).containsExactly(first, second, third);
      // awaitInFlight takes every batch out of flight before the operator completes them
      assertThat(anotherInFlightWhenCompleted).containsExactly(true, false, false);
      assertThat(written).containsExactly(List.of("a"), List.of("b"), List.of("c"));
      assertThat(f.inFlight()).isFalse();
    }
  }

  @Test
  void aKeyInTwoBatchesInFlightContinuesFromTheNewest() throws Exception {
    GatedStepper stepper = new GatedStepper();
    Batcher<ObservationEvent> m = batcher(stepper);
    try (Flushes f = overlapped()) {
      KeyedBatch<ObservationEvent> first = flushOne(f, m, "a", 1);
      KeyedBatch<ObservationEvent> second = flushOne(f, m, "a", 2);
      assertThat(f.inFlightEntry("a")).isSameAs(second.entry("a")).isNotSameAs(first.entry("a"));
      stepper.permits.release(2);
      complete(f.awaitInFlight());
      assertThat(completed).containsExactly(first, second);
      // the newest batch writes the key's state; the older one leaves it to that one
      assertThat(written).containsExactly(List.of(), List.of("a"));
    }
  }

  @Test
  void aFailedStepDropsTheBatchQueuedBehindItUnstepped() throws Exception {
    java.util.concurrent.CountDownLatch secondQueued = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    Batcher<ObservationEvent> m =
        batcher(
            new Stepper() {
              @Override
              public Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer)
                  throws Exception {
                runs.incrementAndGet();
                if (!secondQueued.await(10, TimeUnit.SECONDS)) {
                  throw new AssertionError("the second batch was not queued within 10 s");
                }
                throw new IllegalStateException("kernel exploded");
              }

              @Override
              public int writeBack(StateWriter writer) {
                return 0;
              }

              @Override
              public void close() {}
            });
    Flushes f = overlapped();
    flushOne(f, m, "a", 1);
    flushOne(f, m, "b", 1);
    secondQueued.countDown();
    assertThatThrownBy(f::awaitInFlight).hasRootCauseMessage("kernel exploded");
    assertThat(f.inFlight()).as("nothing is in flight after a failure").isFalse();
    f.close(); // waits for the kernel thread to finish what it was given
    assertThat(runs.get()).as("steps run").isEqualTo(1);
    assertThat(completed).isEmpty();
  }

  @Test
  void aStepThatFailsOnTheKernelThreadFailsTheOperatorThreadWithItsCause() throws Exception {
    Batcher<ObservationEvent> m =
        batcher(
            new Stepper() {
              @Override
              public Flush run(KeyedBatch<?> batch, Listener listener, StateWriter writer) {
                throw new IllegalStateException("kernel exploded");
              }

              @Override
              public int writeBack(StateWriter writer) {
                return 0;
              }

              @Override
              public void close() {}
            });
    try (Flushes f = overlapped()) {
      flushOne(f, m, "a", 1);
      Mail mail = nextMail(); // posted even though the step failed
      assertThatThrownBy(mail::run)
          .hasMessageContaining("stepping a batch on the kernel thread failed")
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("kernel exploded");
      assertThat(completed).as("a failed batch is not completed").isEmpty();
    }
  }
}
