package io.statecast.serve;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The keys one dispatcher holds. Used by the dispatcher thread only, so it needs no locks; the key
 * count it publishes is read by metrics.
 */
final class KeyTable {

  private final Map<String, KeyState> states = new HashMap<>();
  private final int maxKeys;

  KeyTable(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  int size() {
    return states.size();
  }

  KeyState get(String key) {
    return states.get(key);
  }

  /**
   * The key's state, a zero state if it is new.
   *
   * @throws ApiException 429 when the table is full
   */
  KeyState getOrCreate(String key, int stateSize, int version, long now) {
    KeyState s = states.get(key);
    if (s != null) {
      return s;
    }
    if (states.size() >= maxKeys) {
      throw ApiException.tooManyRequests(
          "the server holds the most keys it may ("
              + maxKeys
              + "); a new key can start when idle keys expire",
          60);
    }
    s = new KeyState(stateSize, version, now);
    states.put(key, s);
    return s;
  }

  boolean remove(String key) {
    return states.remove(key) != null;
  }

  /** Drops every state (a model switch that cannot keep them). */
  void clear() {
    states.clear();
  }

  /** Re-labels every state with a new model version (a switch that keeps them). */
  void relabel(int version) {
    states.values().forEach(s -> s.modelVersion = version);
  }

  /**
   * Forgets keys idle since before {@code now - ttlNanos}, except {@code busy} ones.
   *
   * @return how many were forgotten
   */
  int expire(long now, long ttlNanos, Set<String> busy) {
    int n = 0;
    Iterator<Map.Entry<String, KeyState>> it = states.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, KeyState> e = it.next();
      if (now - e.getValue().touchedNanos > ttlNanos && !busy.contains(e.getKey())) {
        it.remove();
        n++;
      }
    }
    return n;
  }
}
