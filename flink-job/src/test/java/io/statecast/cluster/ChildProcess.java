package io.statecast.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test: its own process, its output in {@code NAME.out} (and, for Flink and the
 * broker, its log in {@code NAME.log}) under the log directory, ended with the test however the
 * test ends: {@link #close()} stops it (SIGTERM, then SIGKILL of it and its descendants), and
 * {@link ParentWatch} ends it if the test JVM dies first.
 */
final class ChildProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path logDir;
  private final long startNanos = System.nanoTime();

  private ChildProcess(String name, Process process, Path logDir) {
    this.name = name;
    this.process = process;
    this.logDir = logDir;
  }

  /**
   * Starts {@code java JVM_ARGS -cp CLASSPATH MAIN ARGS} (through {@link ParentWatch}).
   *
   * @param workDir the process's working directory; its {@code watch/} holds ParentWatch
   */
  static ChildProcess start(
      String name,
      List<String> jvmArgs,
      List<Path> classPath,
      String mainClass,
      List<String> args,
      Path workDir,
      Path logDir)
      throws IOException {
    Files.createDirectories(logDir);
    List<Path> cp = new ArrayList<>();
    cp.add(parentWatchDirectory(workDir));
    cp.addAll(classPath);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, cp.stream().map(Path::toString).toList()));
    command.add(ParentWatch.class.getName());
    command.add(mainClass);
    command.addAll(args);
    Path out = logDir.resolve(name + ".out");
    Files.writeString(out, String.join(" ", command) + "\n\n", StandardCharsets.UTF_8);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    // stdin stays a pipe held by this JVM: ParentWatch exits when it closes
    return new ChildProcess(name, pb.start(), logDir);
  }

  /** A directory holding only ParentWatch's class file, for class paths without test classes. */
  private static Path parentWatchDirectory(Path workDir) throws IOException {
    String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
    Path target = workDir.resolve("watch").resolve(resource);
    if (!Files.exists(target)) {
      Files.createDirectories(target.getParent());
      try (InputStream in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no class file " + resource);
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return workDir.resolve("watch");
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the process's output if it has ended. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " (pid "
              + pid()
              + ") ended with exit code "
              + process.exitValue()
              + "\n"
              + tail());
    }
  }

  /** The last lines of its output and log. */
  String tail() {
    StringBuilder sb = new StringBuilder();
    for (String suffix : List.of(".out", ".log")) {
      Path f = logDir.resolve(name + suffix);
      if (Files.exists(f)) {
        try {
          List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
          sb.append("---- ").append(f).append(" (last 40 lines)\n");
          lines
              .subList(Math.max(0, lines.size() - 40), lines.size())
              .forEach(l -> sb.append(l).append('\n'));
        } catch (IOException | UncheckedIOException e) {
          sb.append("(cannot read ").append(f).append(": ").append(e).append(")\n");
        }
      }
    }
    return sb.toString();
  }

  /** Seconds since the start. */
  double uptimeSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Kills it at once (SIGKILL), as a crash would: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops it: SIGTERM, then after a grace period SIGKILL of it and every descendant. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ")";
  }
}
