package io.statecast.serve;

import io.statecast.batch.KeyState;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The keys one dispatcher holds, each with its {@link KeyState} and when it was last touched (for
 * the TTL). Used by the dispatcher thread only, so it needs no locks.
 */
final class KeyTable {

  private static final class Held {
    KeyState state;
    long touchedNanos;

    Held(KeyState state, long touchedNanos) {
      this.state = state;
      this.touchedNanos = touchedNanos;
    }
  }

  private final Map<String, Held> held = new HashMap<>();
  private final int maxKeys;

  KeyTable(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  int size() {
    return held.size();
  }

  KeyState get(String key) {
    Held h = held.get(key);
    return h == null ? null : h.state;
  }

  /**
   * The key's state, touched now: the held one if it was computed under {@code version}, else a
   * zero state (a new key, or one held from another version).
   *
   * @throws ApiException 429 when a new key does not fit
   */
  KeyState acquire(String key, int version, int stateSize, long now) {
    Held h = held.get(key);
    if (h == null) {
      if (held.size() >= maxKeys) {
        throw ApiException.tooManyRequests(
            "the server holds the most keys it may ("
                + maxKeys
                + "); a new key can start when idle keys expire",
            60);
      }
      h = new Held(zero(version, stateSize), now);
      held.put(key, h);
    } else if (h.state.modelVersion != version) {
      h.state = zero(version, stateSize);
    }
    h.touchedNanos = now;
    return h.state;
  }

  private static KeyState zero(int version, int stateSize) {
    return new KeyState(new float[stateSize], 0, Long.MIN_VALUE, version, 0);
  }

  boolean remove(String key) {
    return held.remove(key) != null;
  }

  /** Drops every state (a model switch that cannot keep them). */
  void clear() {
    held.clear();
  }

  /** Re-labels every state with a new model version (a switch that keeps them). */
  void relabel(int version) {
    held.values().forEach(h -> h.state.modelVersion = version);
  }

  /**
   * Forgets keys idle since before {@code now - ttlNanos}, except {@code busy} ones.
   *
   * @return how many were forgotten
   */
  int expire(long now, long ttlNanos, Set<String> busy) {
    int n = 0;
    Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Held> e = it.next();
      if (now - e.getValue().touchedNanos > ttlNanos && !busy.contains(e.getKey())) {
        it.remove();
        n++;
      }
    }
    return n;
  }
}
