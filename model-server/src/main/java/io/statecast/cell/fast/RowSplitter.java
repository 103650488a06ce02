package io.statecast.cell.fast;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts a batch into row blocks and steps them, on the calling thread alone or, with {@code threads
 * > 1}, in contiguous chunks of rows on that many threads (the caller and {@code threads − 1}
 * workers). Rows are independent through the whole model, so the chunks share nothing but the
 * weights; each thread has its own {@link Workspace}.
 */
final class RowSplitter implements AutoCloseable {

  /** Fewest rows worth a thread of their own (four tiles). */
  static final int MIN_ROWS_PER_THREAD = 4 * Micro.MR;

  /** What steps one block of rows. */
  @FunctionalInterface
  interface Block {
    void step(
        int from,
        int rows,
        float[] x,
        float[] state,
        float[] output,
        float[] forecast,
        Workspace w);
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Workspace.Shapes shapes;
  private final int blockRows;
  private final Workspace[] workspaces;
  private final ExecutorService pool; // null with one thread

  RowSplitter(Workspace.Shapes shapes, int blockRows, int threads) {
    if (blockRows < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "blockRows and threads must be positive, got " + blockRows + " and " + threads);
    }
    this.shapes = shapes;
    this.blockRows = blockRows;
    this.workspaces = new Workspace[threads];
    this.workspaces[0] = new Workspace(Micro.MR, shapes);
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "statecast-fast-" + id + "-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  /** Rows the calling thread's buffers hold now. */
  int capacity() {
    return workspaces[0].capacity;
  }

  /** Steps rows {@code 0 … batch − 1}, split across the threads when the batch is large enough. */
  void run(int batch, float[] x, float[] state, float[] output, float[] forecast, Block block) {
    int parts = Math.min(workspaces.length, Math.max(1, batch / MIN_ROWS_PER_THREAD));
    if (parts == 1) {
      chunk(0, 0, batch, x, state, output, forecast, block);
      return;
    }
    int per = Packing.paddedRows((batch + parts - 1) / parts);
    Future<?>[] running = new Future<?>[parts];
    for (int p = 1; p < parts && p * per < batch; p++) {
      int part = p;
      int from = p * per;
      int rows = Math.min(per, batch - from);
      running[p] = pool.submit(() -> chunk(part, from, rows, x, state, output, forecast, block));
    }
    try {
      chunk(0, 0, Math.min(per, batch), x, state, output, forecast, block);
    } finally {
      awaitAll(running);
    }
  }

  private void chunk(
      int part,
      int from,
      int rows,
      float[] x,
      float[] state,
      float[] output,
      float[] forecast,
      Block block) {
    int need = Math.min(rows, blockRows);
    Workspace w = workspaces[part];
    if (w == null || w.capacity < need) {
      w = new Workspace(need, shapes);
      workspaces[part] = w;
    }
    for (int f = from; f < from + rows; f += blockRows) {
      block.step(f, Math.min(blockRows, from + rows - f), x, state, output, forecast, w);
    }
  }

  private static void awaitAll(Future<?>[] running) {
    RuntimeException failure = null;
    for (Future<?> f : running) {
      if (f == null) {
        continue;
      }
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("interrupted while stepping", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
