package io.statecast.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events/s of one contender over the measured rounds, in wall-clock time and in the measuring
 * thread's CPU time (which other processes on a shared machine disturb less).
 *
 * @param wall events per wall-clock second, one value per round
 * @param cpu events per CPU second of the measuring thread, one value per round
 */
public record Rounds(double[] wall, double[] cpu) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Room for {@code rounds} rounds. */
  public static Rounds of(int rounds) {
    return new Rounds(new double[rounds], new double[rounds]);
  }

  /** Median of the wall-clock rates. */
  public double medianWall() {
    return median(wall);
  }

  /** Median of the CPU-time rates. */
  public double medianCpu() {
    return median(cpu);
  }

  /** Lowest wall-clock rate. */
  public double minWall() {
    return Arrays.stream(wall).min().orElse(Double.NaN);
  }

  /** Highest wall-clock rate. */
  public double maxWall() {
    return Arrays.stream(wall).max().orElse(Double.NaN);
  }

  /**
   * Runs {@code work} repeatedly for at least {@code roundNanos} and, when {@code round ≥ 0},
   * records the rate of this round (warm-up rounds are negative).
   *
   * @param eventsPerCall events one call of {@code work} processes
   */
  public void measure(int round, long roundNanos, long eventsPerCall, Runnable work) {
    long calls = 0;
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long t;
    do {
      work.run();
      calls++;
      t = System.nanoTime();
    } while (t - t0 < roundNanos);
    long cpu = Math.max(1, THREADS.getCurrentThreadCpuTime() - cpu0);
    record(round, 1e9 * calls * eventsPerCall / (t - t0), 1e9 * calls * eventsPerCall / cpu);
  }

  /**
   * Runs every contender of {@code work} for one round in turn, two warm-up rounds and then {@code
   * rounds} measured ones, so that a burst of load from other processes hits them alike.
   *
   * @param eventsPerCall events one call of each contender processes
   * @return each contender's rates, in the order of {@code work}
   */
  public static Map<String, Rounds> interleaved(
      Map<String, Runnable> work, int rounds, long roundNanos, long eventsPerCall) {
    Map<String, Work> each = new LinkedHashMap<>();
    work.forEach((name, call) -> each.put(name, new Work(call, eventsPerCall)));
    return interleaved(each, rounds, roundNanos);
  }

  /** One call of a contender and the events (or other units of work) it processes. */
  public record Work(Runnable call, long eventsPerCall) {}

  /**
   * As {@link #interleaved(Map, int, long, long)}, for contenders whose calls process different
   * amounts of work; rates are in those units per second.
   */
  public static Map<String, Rounds> interleaved(
      Map<String, Work> work, int rounds, long roundNanos) {
    Map<String, Rounds> results = new LinkedHashMap<>();
    work.keySet().forEach(k -> results.put(k, of(rounds)));
    for (int round = -2; round < rounds; round++) {
      for (Map.Entry<String, Work> e : work.entrySet()) {
        Work w = e.getValue();
        results.get(e.getKey()).measure(round, roundNanos, w.eventsPerCall(), w.call());
      }
    }
    return results;
  }

  /** Records one round's rates (ignored for warm-up rounds, {@code round < 0}). */
  public void record(int round, double wallRate, double cpuRate) {
    if (round >= 0) {
      wall[round] = wallRate;
      cpu[round] = cpuRate;
    }
  }

  /** The median of {@code v} (NaN when empty). */
  public static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
