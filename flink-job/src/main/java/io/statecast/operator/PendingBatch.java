package io.statecast.operator;

import io.statecast.source.ObservationEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's buffer of accepted events not yet stepped: their encoded inputs, their keys, and
 * for every key in the buffer its working state (read from Flink state once per flush) and the
 * chain of its events in arrival order. It is transient: the operator flushes it before every
 * checkpoint barrier, so it never holds anything a checkpoint must contain.
 */
final class PendingBatch {

  /** One key's part of the batch. */
  static final class KeyEntry {
    final String key;
    final KeyState state;

    /**
     * The state object is the one Flink's state table holds (read, neither created nor replaced),
     * so that on a heap backend stepping it in place already wrote it.
     */
    final boolean inTable;

    /** The key's slot in the device table of a {@link ResidentStepper} (-1 elsewhere). */
    int slot = -1;

    int count;
    int head = -1;
    int tail = -1;

    /** The time of the key's last event in the batch (its state's may be older until stepped). */
    long lastEventTime;

    KeyEntry(String key, KeyState state, boolean inTable) {
      this.key = key;
      this.state = state;
      this.inTable = inTable;
    }
  }

  private final int capacity;
  private final int inputs;
  private final int horizon;
  final float[] x; // (capacity, I)
  final ObservationEvent[] events;
  final boolean[] silent; // stepped without a forecast (re-warming)
  final float[] forecastUnits; // (capacity, horizon): each event's forecast once stepped
  final long[] steps; // each event's step count once stepped
  final KeyEntry[] owners;
  final int[] next;
  private final Map<String, KeyEntry> entries = new HashMap<>();
  private final List<KeyEntry> order = new ArrayList<>();
  private int size;

  PendingBatch(int capacity, int inputs, int horizon) {
    this.capacity = capacity;
    this.inputs = inputs;
    this.horizon = horizon;
    this.x = new float[capacity * inputs];
    this.events = new ObservationEvent[capacity];
    this.silent = new boolean[capacity];
    this.forecastUnits = new float[capacity * horizon];
    this.steps = new long[capacity];
    this.owners = new KeyEntry[capacity];
    this.next = new int[capacity];
  }

  /** The entry of a key already in the batch, or null. */
  KeyEntry entry(String key) {
    return entries.get(key);
  }

  /** Offset in {@link #x} where the next event's input goes. */
  int nextInputOffset() {
    return size * inputs;
  }

  /**
   * Appends an event whose input was just written at {@link #nextInputOffset()}.
   *
   * @param state the key's state when the key is new to the batch (ignored otherwise)
   * @param inTable {@code state} is the object Flink's state table holds (see {@link
   *     KeyEntry#inTable}; ignored when the key is already in the batch)
   * @param quiet step it without emitting a forecast (an observation replayed to re-warm a state)
   */
  void add(ObservationEvent e, KeyState state, boolean inTable, boolean quiet) {
    KeyEntry entry = entries.get(e.key());
    if (entry == null) {
      entry = new KeyEntry(e.key(), state, inTable);
      entries.put(e.key(), entry);
      order.add(entry);
    }
    int i = size++;
    events[i] = e;
    silent[i] = quiet;
    owners[i] = entry;
    next[i] = -1;
    if (entry.tail >= 0) {
      next[entry.tail] = i;
    } else {
      entry.head = i;
    }
    entry.tail = i;
    entry.count++;
    entry.lastEventTime = e.eventTime();
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean isFull() {
    return size >= capacity;
  }

  int capacity() {
    return capacity;
  }

  int inputs() {
    return inputs;
  }

  int horizon() {
    return horizon;
  }

  /** The keys of the batch, in the order they first appeared. */
  List<KeyEntry> keys() {
    return order;
  }

  void clear() {
    java.util.Arrays.fill(events, 0, size, null);
    java.util.Arrays.fill(owners, 0, size, null);
    entries.clear();
    order.clear();
    size = 0;
  }
}
