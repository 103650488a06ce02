package io.statecast.cell.fast;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts a batch into row blocks and steps them, on the calling thread alone or, with {@code threads
 * > 1}, shared with {@code threads − 1} helper threads of its own. Rows are independent through the
 * whole model, so the threads share nothing but the weights; each has its own {@link Workspace}.
 *
 * <p><b>Claimed chunks, not a fixed split.</b> The batch is cut into chunks of {@link #CHUNK_ROWS}
 * rows, and every thread — the caller first — claims the next unclaimed chunk until none is left;
 * the caller then waits only for chunks a helper has claimed and not finished. A helper that is not
 * scheduled in time (the machine's other cores busy with Kafka, Flink's other tasks, other tenants)
 * claims nothing, and the caller steps the batch alone, as fast as with one thread. A fixed split
 * into one part per thread made the caller wait for a late helper's whole part: with Kafka on the
 * same cores, two kernel threads were slower end to end than one (docs/benchmarks/history.md).
 *
 * <p>Claims are one {@code (generation << 32) | next row} word: a helper woken for an earlier step
 * can claim nothing of a later one. A step allocates nothing.
 */
final class RowSplitter implements AutoCloseable {

  /** Rows a thread claims at a time (four tiles): small enough to balance, big enough to pay. */
  static final int CHUNK_ROWS = 4 * Micro.MR;

  /** How long the caller spins for the helpers' last chunks before parking (nanoseconds). */
  private static final long SPIN_NANOS = 20_000;

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

  /** Numbers the splitters, for their helper threads' names. */
  private static final AtomicInteger SPLITTERS = new AtomicInteger();

  private final Workspace.Shapes shapes;
  private final int blockRows;
  private final Workspace[] workspaces;
  private final Thread[] helpers;

  // The step being shared: written by the caller before it publishes the step's generation.
  private int batch;
  private float[] x;
  private float[] state;
  private float[] output;
  private float[] forecast;
  private Block block;

  private final AtomicLong claims = new AtomicLong(); // generation << 32 | next unclaimed row
  private final AtomicInteger done = new AtomicInteger(); // rows of this generation stepped
  private volatile long generation;
  private volatile Thread caller;
  private volatile Throwable failure;
  private volatile boolean closed;

  RowSplitter(Workspace.Shapes shapes, int blockRows, int threads) {
    if (blockRows < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "blockRows and threads must be positive, got " + blockRows + " and " + threads);
    }
    this.shapes = shapes;
    this.blockRows = blockRows;
    this.workspaces = new Workspace[threads];
    this.workspaces[0] = new Workspace(Micro.MR, shapes);
    this.helpers = new Thread[threads - 1];
    int id = SPLITTERS.incrementAndGet();
    for (int i = 0; i < helpers.length; i++) {
      int part = i + 1;
      helpers[i] = new Thread(() -> help(part), "statecast-fast-" + id + "-" + part);
      helpers[i].setDaemon(true);
      helpers[i].start();
    }
  }

  /** Rows the calling thread's buffers hold now. */
  int capacity() {
    return workspaces[0].capacity;
  }

  /** Steps rows {@code 0 … batch − 1}, shared with the helpers when the batch has two chunks. */
  void run(int batch, float[] x, float[] state, float[] output, float[] forecast, Block block) {
    if (helpers.length == 0 || batch < 2 * CHUNK_ROWS) {
      chunk(0, 0, batch, x, state, output, forecast, block);
      return;
    }
    this.batch = batch;
    this.x = x;
    this.state = state;
    this.output = output;
    this.forecast = forecast;
    this.block = block;
    this.caller = Thread.currentThread();
    failure = null;
    done.set(0);
    long g = generation + 1;
    claims.set(g << 32);
    generation = g; // publishes the fields above to the helpers
    for (Thread h : helpers) {
      LockSupport.unpark(h);
    }
    work(0, g);
    awaitDone(batch);
    this.x = this.state = this.output = this.forecast = null;
    this.block = null;
    Throwable t = failure;
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
  }

  /** Claims and steps chunks of generation {@code g} until none is left. */
  private void work(int part, long g) {
    while (true) {
      long s = claims.get();
      int from = (int) s;
      if (s >>> 32 != g || from >= batch) {
        return;
      }
      if (!claims.compareAndSet(s, s + CHUNK_ROWS)) {
        continue;
      }
      int rows = Math.min(CHUNK_ROWS, batch - from);
      try {
        chunk(part, from, rows, x, state, output, forecast, block);
      } catch (Throwable t) {
        failure = t; // reported by the caller; the rows still count as done, so it never hangs
      }
      if (done.addAndGet(rows) == batch && part != 0) {
        LockSupport.unpark(caller);
      }
    }
  }

  /** The caller, out of chunks to claim, waits for the helpers' last ones. */
  private void awaitDone(int rows) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (done.get() < rows) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, SPIN_NANOS);
      }
    }
  }

  /** A helper's life: wait for a new generation, claim its chunks, again. */
  private void help(int part) {
    long seen = 0;
    while (!closed) {
      long g = generation;
      if (g == seen) {
        LockSupport.park(this);
        continue;
      }
      seen = g;
      work(part, g);
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

  @Override
  public void close() {
    closed = true;
    for (Thread h : helpers) {
      LockSupport.unpark(h);
    }
  }
}
