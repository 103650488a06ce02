package io.statecast.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's CPU time went, by thread role: sampled from the JVM's per-thread CPU clocks while
 * the run goes (so that threads which end before it, like the benchmark's producer, still count up
 * to their last sample), and set against the process's CPU time, whose remainder is the JVM's own
 * threads (JIT compilers, GC), which the thread bean does not list. Everything here runs in one JVM
 * — broker, job, the benchmark's producer and consumer — so this is the whole machine's work for
 * the run but for other processes. A thread that starts and ends between two samples is not seen;
 * its time then lands in {@code jvm (JIT, GC)} (which is why runs must outlast a few samples).
 *
 * <pre>
 * ThreadCpu cpu = ThreadCpu.start();  … cpu.sample() every ~100 ms …  cpu.perEvent(events)
 * </pre>
 */
final class ThreadCpu {

  /** A thread's CPU clock when first and last seen. */
  private static final class Seen {
    final String role;
    final long first;
    long last;

    Seen(String role, long first) {
      this.role = role;
      this.first = first;
      this.last = first;
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Seen> seen = new HashMap<>();
  private final long processStart;
  private final long wallStart;
  private long processLast;
  private long wallLast;
  private boolean started; // threads alive at the start count from it, later ones from birth

  private ThreadCpu() {
    this.processStart = processCpuNanos();
    this.wallStart = System.nanoTime();
    sample();
    started = true;
  }

  /** Starts accounting now; null where the JVM cannot measure thread CPU time. */
  static ThreadCpu start() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!bean.isThreadCpuTimeSupported()) {
      return null;
    }
    if (!bean.isThreadCpuTimeEnabled()) {
      bean.setThreadCpuTimeEnabled(true);
    }
    return new ThreadCpu();
  }

  /** Reads every live thread's CPU clock. */
  void sample() {
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue; // ended meanwhile
      }
      Seen s = seen.get(id);
      if (s == null) {
        var info = threads.getThreadInfo(id);
        if (info == null) {
          continue;
        }
        s = new Seen(role(info.getThreadName()), started ? 0 : cpu);
        seen.put(id, s);
      }
      s.last = cpu;
    }
    processLast = processCpuNanos();
    wallLast = System.nanoTime();
  }

  /**
   * CPU microseconds per event by role, from the start to the last sample, in a fixed order, with
   * {@code jvm (JIT, GC)} the process's time not on any listed thread, and {@code total}.
   */
  Map<String, Double> perEvent(long events) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String role : ROLES) {
      out.put(role, 0.0);
    }
    long listed = 0;
    for (Seen s : seen.values()) {
      long nanos = s.last - s.first;
      listed += nanos;
      out.merge(s.role, nanos / 1e3 / Math.max(1, events), Double::sum);
    }
    long process = processLast - processStart;
    if (process > 0) {
      out.put("jvm (JIT, GC)", Math.max(0, process - listed) / 1e3 / Math.max(1, events));
    }
    // The process clock may tick coarser than the threads' (e.g. 10 ms): it never ran less than
    // the threads it contains, so a lower reading is that clock's rounding.
    out.put("total", Math.max(process, listed) / 1e3 / Math.max(1, events));
    return out;
  }

  /**
   * The roles of a {@link #perEvent} result that took any time, as printed after each run: {@code "
   * operator 5.0 source 0.5 …"} (µs per event, one decimal).
   */
  static String describe(Map<String, Double> microsPerEvent) {
    StringBuilder sb = new StringBuilder();
    microsPerEvent.forEach(
        (role, us) -> {
          if (us >= 0.05) {
            sb.append(String.format(Locale.ROOT, "  %s %.1f", role, us));
          }
        });
    return sb.toString();
  }

  /**
   * Per role, the median over runs of {@link #perEvent} results (the roles of the first run; a role
   * missing from a run counts as 0).
   */
  static Map<String, Double> medians(List<Map<String, Double>> runs) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return out;
    }
    for (String role : runs.get(0).keySet()) {
      out.put(
          role, Rounds.median(runs.stream().mapToDouble(r -> r.getOrDefault(role, 0.0)).toArray()));
    }
    return out;
  }

  /** Cores busy on average: the process's CPU time over the wall-clock time. */
  double coresBusy() {
    long wall = wallLast - wallStart;
    return wall <= 0 || processLast <= 0 ? 0 : (processLast - processStart) / (double) wall;
  }

  static final String[] ROLES = {
    "operator",
    "kernel thread",
    "kernel workers",
    "source",
    "broker",
    "kafka clients' I/O",
    "bench producer",
    "bench consumer",
    "checkpoints",
    "other",
    "jvm (JIT, GC)",
    "total"
  };

  /** The role of a thread, by the names Flink, Kafka and the benchmark give their threads. */
  static String role(String name) {
    if (name.startsWith("lstm-forecast")) {
      return "operator";
    }
    if (name.startsWith("statecast-kernel")) {
      return "kernel thread";
    }
    if (name.startsWith("statecast-fast-")) { // the fast kernel's row-splitting helpers
      return "kernel workers";
    }
    if (name.startsWith("Source: observations") || name.startsWith("Source Data Fetcher")) {
      return "source";
    }
    if (name.startsWith("kafka-producer-network-thread")) {
      return "kafka clients' I/O";
    }
    if (name.startsWith("data-plane-kafka")
        || name.startsWith("kafka-")
        || name.startsWith("broker-")
        || name.startsWith("controller-")
        || name.startsWith("raft-")
        || name.startsWith("ReplicaFetcher")
        || name.startsWith("LogDirFailureHandler")
        || name.startsWith("group-coordinator")
        || name.startsWith("ExpirationReaper")) {
      return "broker";
    }
    if (name.startsWith("bench-replayer")) {
      return "bench producer";
    }
    if (name.startsWith("bench-watcher")) {
      return "bench consumer";
    }
    if (name.startsWith("AsyncOperations")) {
      return "checkpoints";
    }
    return "other";
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
