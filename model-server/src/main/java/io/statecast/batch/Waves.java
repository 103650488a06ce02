package io.statecast.batch;

/**
 * The waves of a {@link KeyedBatch}: wave {@code w} holds the {@code w}-th buffered event of every
 * key that has one, keys in the order they first appeared, so that one batched kernel call steps a
 * wave and a key's events are applied in order, one wave after the other.
 *
 * <pre>
 * Waves w = new Waves(batch);
 * while (w.advance()) { for (int r = 0; r &lt; w.size(); r++) { … w.entry(r), w.event(r) … } }
 * </pre>
 */
final class Waves {

  private final KeyedBatch<?> batch;
  private final KeyedBatch.KeyEntry[] entries; // the keys still active, compacted in order
  private final int[] events; // each active key's event in the current wave
  private int size;
  private boolean started;
  private int count;
  private int largest;
  private int[] sizes = new int[4];

  Waves(KeyedBatch<?> batch) {
    this.batch = batch;
    this.entries = batch.keys().toArray(new KeyedBatch.KeyEntry[0]);
    this.events = new int[entries.length];
    for (int i = 0; i < entries.length; i++) {
      events[i] = entries[i].head;
    }
    this.size = entries.length;
  }

  /** Moves to the next wave (the first on the first call); false when there is none. */
  boolean advance() {
    if (started) {
      int kept = 0;
      for (int i = 0; i < size; i++) {
        int following = batch.next[events[i]];
        if (following >= 0) {
          entries[kept] = entries[i];
          events[kept] = following;
          kept++;
        }
      }
      size = kept;
    }
    started = true;
    if (size > 0) {
      if (count == sizes.length) {
        sizes = java.util.Arrays.copyOf(sizes, 2 * count);
      }
      sizes[count++] = size;
      largest = Math.max(largest, size);
    }
    return size > 0;
  }

  /** Rows of the current wave. */
  int size() {
    return size;
  }

  /** The key entry of row {@code r}. */
  KeyedBatch.KeyEntry entry(int r) {
    return entries[r];
  }

  /** The batch index of row {@code r}'s event. */
  int event(int r) {
    return events[r];
  }

  /** The statistics of the flush these waves made, with the kernel time measured. */
  Stepper.Flush flush(long stepNanos) {
    return new Stepper.Flush(
        batch.size(), count, largest, stepNanos, java.util.Arrays.copyOf(sizes, count));
  }
}
