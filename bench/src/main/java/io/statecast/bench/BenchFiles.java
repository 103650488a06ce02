package io.statecast.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers of the benchmarks. */
final class BenchFiles {

  private BenchFiles() {}

  /** Deletes a directory tree, ignoring what cannot be deleted. */
  static void deleteQuietly(Path dir) {
    if (dir == null || !java.nio.file.Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = java.nio.file.Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory left behind is harmless
    }
  }
}
