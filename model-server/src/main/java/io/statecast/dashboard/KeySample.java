package io.statecast.dashboard;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic sample of at most {@code capacity} keys: the keys with the smallest 64-bit FNV-1a
 * hash among those seen (bottom-k sampling). Which keys it holds once all have been seen depends
 * only on the set of keys, not on their order, across restarts and machines; and since the hash
 * spreads keys uniformly, the sample is an unbiased one.
 *
 * <p>A newcomer with a smaller hash than the largest held one replaces it; a replaced key is never
 * admitted again (its hash stays above the threshold, which only falls).
 *
 * <p>Not thread-safe: the Kafka thread alone uses it.
 */
final class KeySample {

  private record Entry(long hash, String key) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::hash).thenComparing(Entry::key);

  private final int capacity;
  private final TreeSet<Entry> chosen = new TreeSet<>(ORDER);
  private final Set<String> members = new HashSet<>();
  private String evicted;

  KeySample(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Whether {@code key} is (now) in the sample; the key it displaced, if any, is then {@link
   * #takeEvicted()}.
   */
  boolean admit(String key) {
    if (members.contains(key)) {
      return true;
    }
    if (capacity == 0) {
      return false;
    }
    long h = hash(key);
    if (chosen.size() == capacity) {
      Entry largest = chosen.last();
      if (h > largest.hash() || (h == largest.hash() && key.compareTo(largest.key()) >= 0)) {
        return false; // the usual case once the sample is full: no allocation
      }
      chosen.pollLast();
      members.remove(largest.key());
      evicted = largest.key();
    }
    chosen.add(new Entry(h, key));
    members.add(key);
    return true;
  }

  /** The key the last {@link #admit} displaced, once; else null. */
  String takeEvicted() {
    String e = evicted;
    evicted = null;
    return e;
  }

  boolean contains(String key) {
    return members.contains(key);
  }

  int size() {
    return members.size();
  }

  /** 64-bit FNV-1a over the key's UTF-16 code units: stable, fast, allocation-free. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      h ^= c & 0xff;
      h *= 0x100000001b3L;
      h ^= c >>> 8;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
