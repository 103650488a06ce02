package io.statecast.batch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which key holds which slot of a resident state table, with what it knows of each slot: the key's
 * record as of its last flush without the floats ({@link KeyState#metadata}: step count, event
 * time, model identity, recent observations; the floats are the device row, and the record's step
 * count is the one the row corresponds to), and whether the row changed since it was last written
 * back. Keeping no floats on the host matters on RocksDB, where every read is a copy: holding those
 * copies would double the memory of the resident states. Keys leave least recently stepped first
 * when a new key needs a slot and none is free.
 */
final class SlotTable {

  /** The step count of a new slot's row, which corresponds to no host record yet. */
  private static final long NO_STEPS = -1;

  /** A key that gave up its slot; its row must be read before the slot is written again. */
  record Eviction(String key, int slot, KeyState holder, boolean dirty) {}

  private final int capacity;
  private final LinkedHashMap<String, Integer> slots; // access order: eldest = least recent
  private final String[] keys;
  private final KeyState[] holders;
  private final boolean[] dirty;
  private int used;

  SlotTable(int capacity) {
    this.capacity = capacity;
    this.slots = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    this.keys = new String[capacity];
    this.holders = new KeyState[capacity];
    this.dirty = new boolean[capacity];
  }

  /** The key's slot, or -1; counts as a use of the key. */
  int find(String key) {
    Integer s = slots.get(key);
    return s == null ? -1 : s;
  }

  /**
   * Gives an absent key a slot: a free one, or the least recently used key's, whose eviction is
   * added to {@code evictions}. The new slot is clean and corresponds to no step yet.
   */
  int admit(String key, List<Eviction> evictions) {
    int slot;
    if (used < capacity) {
      slot = used++;
    } else {
      Iterator<Map.Entry<String, Integer>> eldest = slots.entrySet().iterator();
      Map.Entry<String, Integer> e = eldest.next();
      slot = e.getValue();
      eldest.remove();
      evictions.add(new Eviction(e.getKey(), slot, holders[slot], dirty[slot]));
    }
    slots.put(key, slot);
    keys[slot] = key;
    holders[slot] = null;
    dirty[slot] = false;
    return slot;
  }

  /**
   * Records the key's record, without its floats, as of the end of a flush that stepped its row on
   * the device: from then on the row corresponds to that record's step count.
   */
  void hold(int slot, KeyState holder) {
    holders[slot] = holder;
  }

  /** Records that the slot's row was stepped on the device (it must be written back). */
  void stepped(int slot) {
    dirty[slot] = true;
  }

  /** The step count the slot's row corresponds to ({@link #NO_STEPS} for a new slot). */
  long steps(int slot) {
    return holders[slot] == null ? NO_STEPS : holders[slot].steps;
  }

  boolean dirty(int slot) {
    return dirty[slot];
  }

  void clean(int slot) {
    dirty[slot] = false;
  }

  String key(int slot) {
    return keys[slot];
  }

  KeyState holder(int slot) {
    return holders[slot];
  }

  /** Slots in use: {@code [0, used)}. */
  int used() {
    return used;
  }

  int capacity() {
    return capacity;
  }
}
