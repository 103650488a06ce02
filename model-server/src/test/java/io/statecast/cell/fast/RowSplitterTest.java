package io.statecast.cell.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How {@link RowSplitter} shares a batch: every row stepped exactly once, chunks claimed by whoever
 * is free, so a helper that is late or slow never holds the caller up for more than the chunk it
 * claimed, and a failure on a helper reaches the caller. Blocks here only record who stepped which
 * rows; {@code FastStepKernelTest} holds the real kernel on several threads to one thread's
 * results.
 */
class RowSplitterTest {

  private static final Workspace.Shapes SHAPES = new Workspace.Shapes(8, 8, 4, 0, false, false);
  private static final float[] NONE = new float[0];

  @Test
  void everyRowIsSteppedOnceInBlocksOfAtMostBlockRows() {
    int blockRows = 20;
    try (RowSplitter s = new RowSplitter(SHAPES, blockRows, 3)) {
      for (int batch : new int[] {1, 7, 2 * RowSplitter.CHUNK_ROWS, 1000, 1001}) {
        int[] stepped = new int[batch];
        AtomicInteger largest = new AtomicInteger();
        run(
            s,
            batch,
            (from, rows, x, st, out, f, w) -> {
              largest.accumulateAndGet(rows, Math::max);
              for (int r = from; r < from + rows; r++) {
                stepped[r]++; // distinct rows per chunk: no two threads write one element
              }
            });
        assertThat(stepped).as("batch %d", batch).containsOnly(1);
        assertThat(largest.get()).isLessThanOrEqualTo(blockRows);
      }
    }
  }

  @Test
  void theCallerStepsWhatAStalledHelperDoesNotClaim() {
    int chunks = 12;
    int batch = chunks * RowSplitter.CHUNK_ROWS;
    Thread caller = Thread.currentThread();
    CountDownLatch helperClaimed = new CountDownLatch(1);
    CountDownLatch callerDone = new CountDownLatch(1);
    AtomicInteger byCaller = new AtomicInteger();
    AtomicInteger byHelper = new AtomicInteger();
    try (RowSplitter s = new RowSplitter(SHAPES, RowSplitter.CHUNK_ROWS, 2)) {
      run(
          s,
          batch,
          (from, rows, x, st, out, f, w) -> {
            if (Thread.currentThread() != caller) {
              byHelper.addAndGet(rows);
              helperClaimed.countDown();
              // stalls (as if descheduled) until the caller has stepped everything else
              awaitQuietly(callerDone);
              return;
            }
            if (byCaller.get() == 0) {
              awaitQuietly(helperClaimed); // let the helper wake up and claim one chunk
            }
            if (byCaller.addAndGet(rows) == batch - RowSplitter.CHUNK_ROWS) {
              callerDone.countDown();
            }
          });
    }
    System.out.printf(
        "stalled helper: the caller stepped %d rows, the helper %d, of %d%n",
        byCaller.get(), byHelper.get(), batch);
    assertThat(byHelper.get())
        .as("the helper woke up and claimed one chunk")
        .isEqualTo(RowSplitter.CHUNK_ROWS);
    assertThat(byCaller.get()).isEqualTo(batch - RowSplitter.CHUNK_ROWS);
  }

  @Test
  void aFailureOnAHelperReachesTheCallerAndTheSplitterCarriesOn() {
    int batch = 100 * RowSplitter.CHUNK_ROWS;
    Thread caller = Thread.currentThread();
    try (RowSplitter s = new RowSplitter(SHAPES, RowSplitter.CHUNK_ROWS, 2)) {
      assertThatThrownBy(
              () ->
                  run(
                      s,
                      batch,
                      (from, rows, x, st, out, f, w) -> {
                        if (Thread.currentThread() != caller) {
                          throw new IllegalStateException("boom on a helper");
                        }
                        slowly();
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom on a helper");
      int[] stepped = new int[batch];
      run(s, batch, (from, rows, x, st, out, f, w) -> Arrays.fill(stepped, from, from + rows, 1));
      assertThat(stepped).containsOnly(1);
    }
  }

  /** Steps {@code batch} rows of nothing: the blocks only record what they were given. */
  private static void run(RowSplitter s, int batch, RowSplitter.Block block) {
    s.run(batch, NONE, NONE, null, null, block);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Long enough per chunk that a started helper gets to claim one. */
  private static void slowly() {
    long until = System.nanoTime() + 2_000_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
