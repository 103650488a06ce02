package io.statecast.dashboard;

/**
 * Events per second over a sliding window of whole buckets, by the events' own timestamps.
 *
 * <p>Time is cut into buckets of {@code bucketMillis}; an event is counted in the bucket of its
 * timestamp (a record's Kafka timestamp, a forecast's {@code emittedAt}). The rate at {@code now}
 * is the count of the last {@code windowBuckets} <em>complete</em> buckets before the bucket of
 * {@code now}, divided by their duration; right after the meter was created, only the complete
 * buckets since then count (so a young meter does not under-report). An event older than the window
 * counts in {@link #total()} only: replaying a backlog does not fake a burst. The ring has two
 * slots more than the window, for the current bucket and one ahead (a producer's clock a little
 * ahead): a fixed, small memory.
 *
 * <p>Not thread-safe: {@link DashboardState} guards it.
 */
final class RateMeter {

  private final long bucketMillis;
  private final int windowBuckets;
  private final long createdBucket;
  private final long[] ids;
  private final long[] counts;
  private long total;

  /**
   * @param createdAtMillis when the meter starts (the clock of {@link #perSecond})
   */
  RateMeter(long bucketMillis, int windowBuckets, long createdAtMillis) {
    if (bucketMillis < 1 || windowBuckets < 1) {
      throw new IllegalArgumentException("bucket and window must be positive");
    }
    this.bucketMillis = bucketMillis;
    this.windowBuckets = windowBuckets;
    this.createdBucket = Math.floorDiv(createdAtMillis, bucketMillis);
    this.ids = new long[windowBuckets + 2];
    this.counts = new long[windowBuckets + 2];
    java.util.Arrays.fill(ids, Long.MIN_VALUE);
  }

  /** Counts {@code n} events at {@code timestampMillis}. */
  void add(long timestampMillis, long n) {
    total += n;
    long id = Math.floorDiv(timestampMillis, bucketMillis);
    int slot = (int) Math.floorMod(id, (long) ids.length);
    if (ids[slot] != id) {
      if (ids[slot] > id) {
        return; // the slot holds a newer bucket: this event is older than the window
      }
      ids[slot] = id;
      counts[slot] = 0;
    }
    counts[slot] += n;
  }

  /** Events per second in the window before {@code nowMillis}; 0 before a bucket completed. */
  double perSecond(long nowMillis) {
    long current = Math.floorDiv(nowMillis, bucketMillis);
    long buckets = Math.min(windowBuckets, current - createdBucket);
    if (buckets < 1) {
      return 0;
    }
    long sum = 0;
    for (int s = 0; s < ids.length; s++) {
      if (ids[s] >= current - buckets && ids[s] < current) {
        sum += counts[s];
      }
    }
    return sum * 1000.0 / (buckets * bucketMillis);
  }

  /** Every event counted, whatever its time. */
  long total() {
    return total;
  }
}
