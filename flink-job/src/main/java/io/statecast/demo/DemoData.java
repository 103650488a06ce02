package io.statecast.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Where the demo finds its data sets and models. */
final class DemoData {

  /** Start of the synthetic data set's time line: 2024-01-01T00:00:00Z. */
  static final long SYNTHETIC_START = 1_704_067_200_000L;

  private DemoData() {}

  /**
   * The project directory: {@code -Dstatecast.home} (set by the launcher), else the working one.
   */
  static Path home() {
    String h = System.getProperty("statecast.home");
    return Path.of(h == null ? "." : h).toAbsolutePath().normalize();
  }

  /** A data set to replay. */
  record Dataset(String name, Path csv, ObservationFeed feed) {}

  /** A replayable data set. */
  interface DatasetFeed extends ObservationFeed {
    List<String> keys();
  }

  static Dataset resolve(String name, Path home) throws IOException {
    throw new IllegalArgumentException("data set '" + name + "' is not available yet");
  }

  static Path modelFor(Dataset data, Path home, PrintWriter out) throws IOException {
    throw new IllegalArgumentException("no model for " + data.name());
  }

  /** Deletes a directory tree, ignoring what cannot be deleted. */
  static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort: leftovers live in .statecast/, which is ignored by git
    }
  }
}
