package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** {@code bench.json}: when and where it ran, then one object per section; and its plot. */
final class BenchReport {

  private BenchReport() {}

  /** The report's header: date, machine, JVM, model, mode. */
  static ObjectNode header(BenchSettings s, boolean quick) {
    ObjectNode r = BenchJson.object();
    r.put("format", 1);
    r.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("quick", quick);
    r.put("model", s.weights().spec().id());
    r.put("model_description", s.weights().spec().description());
    ObjectNode m = r.putObject("machine");
    m.put("cpu", cpuModel());
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("cpu_flags", cpuFlags());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("heap_pages", heapPages());
    m.put("gpu", "none used (the CPU kernels only)");
    return r;
  }

  /** Writes {@code bench.json} and {@code bench.html} into {@code dir}. */
  static void write(ObjectNode report, Path dir) throws IOException {
    BenchJson.MAPPER
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("bench.json").toFile(), report);
    Files.writeString(dir.resolve("bench.html"), BenchPlot.html(report), StandardCharsets.UTF_8);
  }

  /**
   * Whether the heap is on transparent huge pages: the JVM's {@code UseTransparentHugePages} and
   * the kernel's mode. The figures depend on it (the launcher turns it on where the kernel allows,
   * see docs/benchmarks.md), so the report says which it was.
   */
  static String heapPages() {
    String kernel =
        lines(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).stream()
            .findFirst()
            .map(BenchReport::selectedMode)
            .orElse("unknown");
    boolean jvm = false;
    try {
      jvm =
          Boolean.parseBoolean(
              ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                  .getVMOption("UseTransparentHugePages")
                  .getValue());
    } catch (RuntimeException e) {
      // not HotSpot, or no such flag: reported as off
    }
    return heapPages(jvm, kernel);
  }

  /**
   * The heap's pages from the JVM's flag (which the JVM itself turns off where the kernel's mode is
   * {@code never}) and the kernel's mode ({@code always} backs large mappings with huge pages
   * without being asked).
   */
  static String heapPages(boolean jvmFlag, String kernelMode) {
    boolean huge = jvmFlag || kernelMode.equals("always");
    return (huge ? "transparent huge pages" : "base pages")
        + " (JVM UseTransparentHugePages "
        + (jvmFlag ? "on" : "off")
        + ", kernel THP "
        + kernelMode
        + ")";
  }

  /** The bracketed choice of a sysfs mode line such as {@code always [madvise] never}. */
  static String selectedMode(String line) {
    int open = line.indexOf('[');
    int close = line.indexOf(']', open + 1);
    return open >= 0 && close > open ? line.substring(open + 1, close) : line.strip();
  }

  private static String cpuModel() {
    return cpuinfo("model name").orElse(System.getProperty("os.arch"));
  }

  private static String cpuFlags() {
    String flags = cpuinfo("flags").orElse("");
    StringBuilder sb = new StringBuilder();
    for (String f : List.of("avx2", "fma", "avx512f")) {
      if ((" " + flags + " ").contains(" " + f + " ")) {
        sb.append(sb.length() == 0 ? "" : " ").append(f);
      }
    }
    return sb.toString();
  }

  private static java.util.Optional<String> cpuinfo(String field) {
    return lines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(field))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst();
  }

  /** The lines of a file of the OS's ({@code /proc}, {@code /sys}); none where it is unreadable. */
  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
