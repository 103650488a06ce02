package io.statecast.serve;

import io.statecast.cell.StepKernel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A few kernels of one model version for stateless inference. Kernels are not thread-safe, so a
 * request borrows one for its whole window and gives it back; at most {@code size} exist, created
 * on demand. A closed pool closes idle kernels at once and borrowed ones when they come back.
 */
final class KernelPool implements AutoCloseable {

  private final Supplier<StepKernel> factory;
  private final BlockingQueue<StepKernel> idle;
  private final int size;
  private int created;
  private boolean closed;

  KernelPool(Supplier<StepKernel> factory, int size) {
    this.factory = factory;
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
  }

  /**
   * A kernel for the caller's exclusive use; give it back with {@link #release}.
   *
   * @throws ApiException 503 when none becomes free within {@code timeoutMillis}
   */
  StepKernel borrow(long timeoutMillis) throws InterruptedException {
    StepKernel k = idle.poll();
    if (k != null) {
      return k;
    }
    synchronized (this) {
      if (closed) {
        throw ApiException.unavailable("the model was unloaded; retry the request");
      }
      if (created < size) {
        created++;
        return factory.get();
      }
    }
    k = idle.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (k == null) {
      throw ApiException.unavailable("all kernels of the model are busy; retry later");
    }
    return k;
  }

  /** Gives a borrowed kernel back. */
  synchronized void release(StepKernel k) {
    if (closed || !idle.offer(k)) {
      k.close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    StepKernel k;
    while ((k = idle.poll()) != null) {
      k.close();
    }
  }
}
