package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ModelArtifact;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
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
  private final List<PendingBatch> completed = new ArrayList<>();
  private final List<Boolean> anotherInFlightWhenCompleted = new ArrayList<>();
  private Flushes flushes;

  @BeforeEach
  void writeModel() throws Exception {
    artifact = TestModels.write(tmp.resolve("model"));
  }

  private Flushes overlapped() {
    flushes =
        Flushes.overlapped(
            (batch, f) -> {
              completed.add(batch);
              anotherInFlightWhenCompleted.add(flushes.inFlight());
              batch.clear();
            },
            new MailboxExecutorImpl(mailbox, 0, StreamTaskActionExecutor.IMMEDIATE),
            "test-kernel");
    return flushes;
  }

  private ServingModel model(Stepper stepper) {
    return new ServingModel(artifact, () -> {}, stepper, 4);
  }

  private static void add(ServingModel m, String key, int day) {
    var e = TestModels.event(key, day, 1, day);
    m.batch.add(e, m.freshState(Long.MIN_VALUE, 0), false, false);
  }

  /** Adds one event of {@code key} to the model's batch and flushes it; returns that batch. */
  private static PendingBatch flushOne(Flushes f, ServingModel m, String key, int day)
      throws Exception {
    add(m, key, day);
    PendingBatch batch = m.batch;
    f.start(m, (k, s) -> {});
    return batch;
  }

  private Mail nextMail() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<Mail> m = mailbox.tryTake(TaskMailbox.MIN_PRIORITY);
      if (m.isPresent()) {
        return m.get();
      }
      Thread.sleep(1);
    }
    throw new AssertionError("no mail within 10 s");
  }

  /** A stepper that steps nothing, each call waiting for its own permit. */
  private static final class GatedStepper implements Stepper {
    final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
    final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Flush run(PendingBatch batch, Listener listener, StateWriter writer) throws Exception {
      threads.add(Thread.currentThread().getName());
      if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
        throw new AssertionError("no permit to step within 10 s");
      }
      return new Flush(batch.size(), 1, batch.size(), 0);
    }

    @Override
    public int writeBack(StateWriter writer) {
      return 0;
    }
  }

  @Test
  void aStepOnTheKernelThreadLeavesAFreshBatchToFillAndItsMailCompletesIt() throws Exception {
    GatedStepper stepper = new GatedStepper();
    ServingModel m = model(stepper);
    try (Flushes f = overlapped()) {
      PendingBatch first = flushOne(f, m, "a", 1);
      assertThat(m.batch).as("a fresh batch fills meanwhile").isNotSameAs(first);
      assertThat(m.batch.isEmpty()).isTrue();
      assertThat(f.inFlightEntry("a")).isNotNull();
      add(m, "a", 2); // the same key, while its first event is in flight
      stepper.permits.release();
      nextMail().run(); // the operator thread runs the completion
      assertThat(completed).containsExactly(first);
      assertThat(f.inFlight()).isFalse();
      assertThat(m.batch.size()).isEqualTo(1);
      stepper.permits.release();
      f.start(m, (k, s) -> {});
      f.awaitInFlight();
      assertThat(completed).hasSize(2);
      assertThat(stepper.threads).containsOnly("test-kernel");
    }
  }

  @Test
  void aSecondBatchQueuesBehindTheFirstAndAThirdWaitsForTheOldest() throws Exception {
    GatedStepper stepper = new GatedStepper();
    ServingModel m = model(stepper);
    try (Flushes f = overlapped()) {
      PendingBatch first = flushOne(f, m, "a", 1);
      // queued behind the first: no wait, nothing completed
      PendingBatch second = flushOne(f, m, "b", 1);
      assertThat(completed).isEmpty();
      assertThat(f.inFlightEntry("a")).isSameAs(first.entry("a"));
      assertThat(f.inFlightEntry("b")).isSameAs(second.entry("b"));
      stepper.permits.release(); // the first step may finish; its mail is not run
      // waits for the first step, hands the third over, completes the first
      PendingBatch third = flushOne(f, m, "c", 1);
      assertThat(completed).containsExactly(first);
      assertThat(anotherInFlightWhenCompleted).containsExactly(true);
      assertThat(f.inFlightEntry("a")).as("the first batch is no longer in flight").isNull();
      stepper.permits.release(2);
      f.awaitInFlight();
      assertThat(completed).containsExactly(first, second, third);
      assertThat(anotherInFlightWhenCompleted).containsExactly(true, true, false);
      assertThat(f.inFlight()).isFalse();
    }
  }

  @Test
  void aKeyInTwoBatchesInFlightContinuesFromTheNewest() throws Exception {
    GatedStepper stepper = new GatedStepper();
    ServingModel m = model(stepper);
    try (Flushes f = overlapped()) {
      PendingBatch first = flushOne(f, m, "a", 1);
      PendingBatch second = flushOne(f, m, "a", 2);
      assertThat(f.inFlightEntry("a")).isSameAs(second.entry("a")).isNotSameAs(first.entry("a"));
      stepper.permits.release(2);
      f.awaitInFlight();
      assertThat(completed).containsExactly(first, second);
    }
  }

  @Test
  void aFailedStepDropsTheBatchQueuedBehindItUnstepped() throws Exception {
    java.util.concurrent.CountDownLatch secondQueued = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    ServingModel m =
        model(
            new Stepper() {
              @Override
              public Flush run(PendingBatch batch, Listener listener, StateWriter writer)
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
    ServingModel m =
        model(
            new Stepper() {
              @Override
              public Flush run(PendingBatch batch, Listener listener, StateWriter writer) {
                throw new IllegalStateException("kernel exploded");
              }

              @Override
              public int writeBack(StateWriter writer) {
                return 0;
              }
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
