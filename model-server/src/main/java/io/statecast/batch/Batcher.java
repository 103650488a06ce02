package io.statecast.batch;

import java.util.ArrayDeque;

/**
 * One model's batches: the {@link KeyedBatch} that fills, the spare ones, and the {@link Stepper}
 * that steps them. A filled batch is handed over to be stepped while an empty one fills (on the
 * operator thread, while a kernel thread steps), and comes back through {@link #recycle} once its
 * results are taken, so that steady traffic allocates no batches.
 *
 * <pre>
 * Batcher&lt;Row&gt; b = model.newBatcher(256, Residency.OFF);
 * encode into b.filling().x at b.filling().nextInputOffset(); b.filling().add(row, state, …);
 * KeyedBatch&lt;Row&gt; full = b.handOver();
 * Stepper.Flush f = b.step(full, writer);      // results in full.values, states stepped
 * … take the results …; full.clear(); b.recycle(full);
 * </pre>
 *
 * Filling and handing over belong to one thread; stepping to one thread (the same or another).
 *
 * @param <E> the rows' type
 */
public final class Batcher<E extends BatchRow> implements AutoCloseable {

  private final ServingModel model;
  private final Stepper stepper;
  private final ArrayDeque<KeyedBatch<E>> spares = new ArrayDeque<>();
  private KeyedBatch<E> filling;

  /** A batcher of {@code model} stepping with {@code stepper} (which it closes). */
  public Batcher(ServingModel model, Stepper stepper, int capacity) {
    this.model = model;
    this.stepper = stepper;
    this.filling =
        new KeyedBatch<>(capacity, model.spec().inputSize(), Math.max(1, model.resultWidth()));
  }

  public ServingModel model() {
    return model;
  }

  /** The batch that rows go into until the next hand-over. */
  public KeyedBatch<E> filling() {
    return filling;
  }

  /** The filled batch, to be stepped; an empty one (a spare, or a new one) fills from now on. */
  public KeyedBatch<E> handOver() {
    KeyedBatch<E> full = filling;
    KeyedBatch<E> empty = spares.poll();
    filling =
        empty != null ? empty : new KeyedBatch<>(full.capacity(), full.inputs(), full.width());
    return full;
  }

  /** Takes back a handed-over batch, its results taken and cleared, to fill again later. */
  public void recycle(KeyedBatch<E> done) {
    if (!done.isEmpty()) {
      throw new IllegalStateException("a batch is recycled before it was cleared");
    }
    spares.push(done);
  }

  /**
   * Steps every row of {@code batch}: each key's state ends after its last row, each row's result
   * is in {@link KeyedBatch#values} (see {@link KeyedBatch#recorder}).
   *
   * @param writer where states evicted from a device go (resident states)
   */
  public Stepper.Flush step(KeyedBatch<E> batch, Stepper.StateWriter writer) throws Exception {
    return stepper.run(
        batch, batch.recorder(model.encoder(), model.hasHead(), model.adaptation()), writer);
  }

  /** Writes the states resident on a device back to their owner (none without residency). */
  public int writeBack(Stepper.StateWriter writer) throws Exception {
    return stepper.writeBack(writer);
  }

  /** Closes the stepper's kernels. */
  @Override
  public void close() {
    stepper.close();
  }
}
