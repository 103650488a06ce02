package io.statecast.batch;

import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows waiting to be stepped, grouped by key: their encoded inputs, and for every key its working
 * state and the chain of its rows in arrival order, so that a {@link Stepper} runs them in {@link
 * Waves} (a key's rows one after the other) and every row's result lands next to it. Used by the
 * Flink operator (a row is an observation event) and the model server's stateful API (a row is one
 * observation of a request) alike.
 *
 * <pre>
 * x       (capacity, I)      each row's encoded input, written by the caller at {@link #nextInputOffset}
 * values  (capacity, width)  each row's result once stepped: the forecast in target units, or
 *                            without a head the top layer's output
 * steps   (capacity)         the key's step count after the row
 * </pre>
 *
 * A batch holds nothing a checkpoint or a client must see that is not also elsewhere: its owner
 * steps it before it must answer for it.
 *
 * @param <E> the rows' type
 */
public final class KeyedBatch<E extends BatchRow> {

  /** One key's part of the batch. */
  public static final class KeyEntry {
    public final String key;
    public final KeyState state;

    /**
     * The state object is the one its owner's store holds (read, neither created nor replaced), so
     * that stepping it in place already wrote it (Flink's heap state table).
     */
    public final boolean inTable;

    /** The key's slot in the device table of a {@link ResidentStepper} (-1 elsewhere). */
    int slot = -1;

    int count;
    int head = -1;
    int tail = -1;

    /** The time of the key's last row in the batch (its state's may be older until stepped). */
    public long lastEventTime;

    /** The key's rows in the batch. */
    public int rows() {
      return count;
    }

    /** The index of the key's last row in the batch. */
    public int lastRow() {
      return tail;
    }

    KeyEntry(String key, KeyState state, boolean inTable) {
      this.key = key;
      this.state = state;
      this.inTable = inTable;
    }
  }

  private final int capacity;
  private final int inputs;
  private final int width;
  public float[] x; // (rows, I)
  private Object[] rows;
  private boolean[] silent; // stepped without a result (re-warming)
  private boolean[] nonFinite; // its step left the key's state non-finite (then reset)
  public float[] values; // (rows, width)
  public long[] steps;
  KeyEntry[] owners;
  int[] next;
  private final Map<String, KeyEntry> entries = new HashMap<>();
  private final List<KeyEntry> order = new ArrayList<>();
  private int size;

  /**
   * @param capacity rows at which the batch is {@link #isFull full}; it takes more if its owner
   *     adds them (a key re-warmed by replaying its recent observations adds them all at once),
   *     while its keys stay at most {@code capacity} when the owner steps it once full
   * @param width values per row: the horizon, or the top layer's size for a model without a head
   */
  public KeyedBatch(int capacity, int inputs, int width) {
    this.capacity = capacity;
    this.inputs = inputs;
    this.width = width;
    this.x = new float[capacity * inputs];
    this.rows = new Object[capacity];
    this.silent = new boolean[capacity];
    this.nonFinite = new boolean[capacity];
    this.values = new float[capacity * width];
    this.steps = new long[capacity];
    this.owners = new KeyEntry[capacity];
    this.next = new int[capacity];
  }

  /** The entry of a key already in the batch, or null. */
  public KeyEntry entry(String key) {
    return entries.get(key);
  }

  /** Offset in {@link #x} where the next row's input goes (room for it is made if needed). */
  public int nextInputOffset() {
    if (size == rows.length) {
      grow();
    }
    return size * inputs;
  }

  private void grow() {
    int n = 2 * rows.length;
    x = Arrays.copyOf(x, n * inputs);
    rows = Arrays.copyOf(rows, n);
    silent = Arrays.copyOf(silent, n);
    nonFinite = Arrays.copyOf(nonFinite, n);
    values = Arrays.copyOf(values, n * width);
    steps = Arrays.copyOf(steps, n);
    owners = Arrays.copyOf(owners, n);
    next = Arrays.copyOf(next, n);
  }

  /**
   * Appends a row whose input was just written at {@link #nextInputOffset()}.
   *
   * @param state the key's state when the key is new to the batch (ignored otherwise)
   * @param inTable {@code state} is the object its owner's store holds (see {@link
   *     KeyEntry#inTable}; ignored when the key is already in the batch)
   * @param quiet step it without a result (an observation replayed to re-warm a state)
   */
  public void add(E row, KeyState state, boolean inTable, boolean quiet) {
    if (size == rows.length) {
      grow();
    }
    KeyEntry entry = entries.get(row.key());
    if (entry == null) {
      entry = new KeyEntry(row.key(), state, inTable);
      entries.put(row.key(), entry);
      order.add(entry);
    }
    int i = size++;
    rows[i] = row;
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
    entry.lastEventTime = row.eventTime();
  }

  /** Row {@code i}. */
  @SuppressWarnings("unchecked")
  public E row(int i) {
    return (E) rows[i];
  }

  /** Whether row {@code i} is stepped without a result. */
  public boolean silent(int i) {
    return silent[i];
  }

  /**
   * Whether row {@code i}'s step left its key's state holding NaN or ±Inf: the state was reset to
   * the model's initial one ({@link FiniteStates}) and the row's result is not to be used.
   */
  public boolean nonFinite(int i) {
    return nonFinite[i];
  }

  void markNonFinite(int i) {
    nonFinite[i] = true;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Whether the batch holds its capacity of rows (or more): time to step it. */
  public boolean isFull() {
    return size >= capacity;
  }

  public int capacity() {
    return capacity;
  }

  public int inputs() {
    return inputs;
  }

  /** Values per row. */
  public int width() {
    return width;
  }

  /** The keys of the batch, in the order they first appeared. */
  public List<KeyEntry> keys() {
    return order;
  }

  /**
   * A listener that records each stepped row: its key's state now includes it (its last event
   * time), and its result goes into {@link #values} — a forecast converted to target units by
   * {@code encoder} ({@code forecasts}) and, for a model that adapts online, scored and adapted by
   * {@code adaptive} with the key's adaptation state, or the top layer's output as it is — with the
   * key's step count into {@link #steps}; nothing for a silent row. It touches only this batch's
   * arrays and the stepped keys' states, so it may run on another thread than the batch's owner.
   *
   * @param adaptive the model's online adaptation, or null for none
   */
  public Stepper.Listener recorder(
      FeatureEncoder encoder, boolean forecasts, AdaptiveQuantiles adaptive) {
    return (i, entry, result, offset) -> {
      E r = row(i);
      entry.state.lastEventTime = Math.max(entry.state.lastEventTime, r.eventTime());
      if (silent[i]) {
        return;
      }
      if (forecasts) {
        encoder.forecastToUnits(entry.key, result, offset, width, values, i * width);
        if (adaptive != null) {
          if (!adaptive.fits(entry.state.adaptation)) {
            entry.state.adaptation = adaptive.initialState();
          }
          adaptive.step(
              entry.state.adaptation,
              r.target(),
              encoder.targetScale(entry.key),
              values,
              i * width);
        }
      } else {
        System.arraycopy(result, offset, values, i * width, width);
      }
      steps[i] = entry.state.steps;
    };
  }

  /** Empties the batch for reuse. */
  public void clear() {
    Arrays.fill(rows, 0, size, null);
    Arrays.fill(owners, 0, size, null);
    Arrays.fill(nonFinite, 0, size, false);
    entries.clear();
    order.clear();
    size = 0;
  }
}
