package io.statecast.dashboard;

import io.statecast.avro.ErrorKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, rate and latest reasons of the records the job set aside on one topic (dead letters, or
 * late events), by {@link ErrorKind}.
 *
 * <p>Per kind: how many, and the latest one (when, which key, why). Across kinds: the rate, and the
 * last few in arrival order. Messages and keys are cut to a bounded length.
 *
 * <p>Not thread-safe: {@link DashboardState} guards it.
 */
final class RejectStats {

  /** One set-aside record, as shown on the page. */
  record Reject(ErrorKind kind, long at, String key, String message) {}

  /** Reasons and keys longer than this are cut (with an ellipsis). */
  static final int MAX_TEXT = 300;

  private final RateMeter rate;
  private final int keepLatest;
  private final Map<ErrorKind, Long> counts = new EnumMap<>(ErrorKind.class);
  private final Map<ErrorKind, Reject> latestByKind = new EnumMap<>(ErrorKind.class);
  private final Reject[] latest;
  private int next;
  private int size;

  RejectStats(RateMeter rate, int keepLatest) {
    this.rate = rate;
    this.keepLatest = keepLatest;
    this.latest = new Reject[keepLatest];
  }

  /** Counts one record of {@code kind} that was set aside at {@code at} (ms). */
  void add(ErrorKind kind, long at, String key, String message) {
    counts.merge(kind, 1L, Long::sum);
    Reject r = new Reject(kind, at, cut(key), cut(message));
    latestByKind.put(kind, r);
    if (keepLatest > 0) {
      latest[next] = r;
      next = (next + 1) % keepLatest;
      size = Math.min(size + 1, keepLatest);
    }
    rate.add(at, 1);
  }

  long total() {
    return rate.total();
  }

  double perSecond(long now) {
    return rate.perSecond(now);
  }

  /** Counts by kind (a copy, in the enum's order). */
  Map<ErrorKind, Long> counts() {
    return new EnumMap<>(counts);
  }

  /** The latest record of each kind seen (a copy). */
  Map<ErrorKind, Reject> latestByKind() {
    return new EnumMap<>(latestByKind);
  }

  /** The last records, newest first. */
  List<Reject> latest() {
    List<Reject> out = new ArrayList<>(size);
    for (int i = 1; i <= size; i++) {
      out.add(latest[Math.floorMod(next - i, keepLatest)]);
    }
    return Collections.unmodifiableList(out);
  }

  static String cut(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }
}
