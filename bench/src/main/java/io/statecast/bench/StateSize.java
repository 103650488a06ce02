package io.statecast.bench;

import io.statecast.batch.KeyState;
import io.statecast.model.ModelSpec;
import io.statecast.operator.KeyStateSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * What one key's state costs, against the raw float32 bytes of its {@code (h, c)}:
 *
 * <ul>
 *   <li>serialized: the bytes {@link KeyStateSerializer} writes (what RocksDB stores per key,
 *       besides the serialized key and the key-group prefix);
 *   <li>heap, retained: {@code n} states are allocated and kept, and the heap in use after garbage
 *       collection is compared with the heap before; the difference over {@code n} is a {@link
 *       KeyState}'s retained size (object header, fields, the float array);
 *   <li>heap, with key and map entry: the same with each state in a hash map under a key string
 *       like the job's ({@code key-123}), a proxy for the heap backend's state table, whose entries
 *       also hold the key and a reference to the state.
 * </ul>
 *
 * The heap figures are measurements, so they carry the noise of a collector that may not have
 * finished; three collections with short pauses precede each reading.
 *
 * @param rawBytes float32 bytes of every layer's {@code h} and {@code c}
 * @param serializedBytes bytes of a serialized state
 * @param heapBytes retained heap of a state
 * @param heapWithKeyBytes retained heap of a state, its key string and its map entry
 */
public record StateSize(
    int rawBytes, int serializedBytes, double heapBytes, double heapWithKeyBytes) {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /** Measures the sizes for a model with {@code n} states on the heap. */
  public static StateSize measure(ModelSpec spec, int n) {
    int raw = Float.BYTES * spec.layers() * (spec.outputSize() + spec.cell().hidden());
    int size = spec.stateLayout().size();
    return new StateSize(raw, serialized(size), heapPerState(size, n), heapPerEntry(size, n));
  }

  /** Retained size over raw bytes. */
  public double heapRatio() {
    return heapBytes / rawBytes;
  }

  private static int serialized(int size) {
    DataOutputSerializer out = new DataOutputSerializer(8 * size + 64);
    try {
      KeyStateSerializer.INSTANCE.serialize(state(size, 1), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.length();
  }

  private static double heapPerState(int size, int n) {
    long before = usedAfterGc();
    KeyState[] keep = new KeyState[n];
    long array = 16L + 4L * n; // the holding array itself (compressed references)
    for (int i = 0; i < n; i++) {
      keep[i] = state(size, i);
    }
    long after = usedAfterGc();
    double per = (after - before - array) / (double) n;
    return keep.length == n ? per : Double.NaN; // keeps the states reachable until here
  }

  private static double heapPerEntry(int size, int n) {
    long before = usedAfterGc();
    Map<String, KeyState> keep = new HashMap<>(2 * n);
    for (int i = 0; i < n; i++) {
      keep.put("key-" + i, state(size, i));
    }
    long after = usedAfterGc();
    double per = (after - before) / (double) n;
    return keep.size() == n ? per : Double.NaN;
  }

  private static KeyState state(int size, long steps) {
    return new KeyState(new float[size], steps, 1_700_000_000_000L, 1, 0);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
