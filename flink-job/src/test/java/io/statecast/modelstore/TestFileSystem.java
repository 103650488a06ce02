package io.statecast.modelstore;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * A stand-in for an object store, scheme {@code testfs}: {@code testfs://bucket/a/b} is the file
 * {@code bucket/a/b} under a local root directory ({@link #root}). Reads can be made to fail as an
 * unreachable store's do ({@link #failNextReads}), and are counted. One store per JVM, so that a
 * MiniCluster's tasks see the test's files.
 */
public final class TestFileSystem extends LocalFileSystem {

  public static final String SCHEME = "testfs";

  private static volatile java.nio.file.Path root;
  private static final AtomicInteger FAILING_READS = new AtomicInteger();
  private static final AtomicInteger READS = new AtomicInteger();

  /** Serves files under {@code dir} from now on, and forgets injected failures. */
  public static void root(java.nio.file.Path dir) {
    root = dir;
    FAILING_READS.set(0);
    READS.set(0);
  }

  /** The next {@code n} opens fail with a {@link ConnectException}, as when the store is down. */
  public static void failNextReads(int n) {
    FAILING_READS.set(n);
  }

  /** Injected failures still to come. */
  public static int failingReadsLeft() {
    return FAILING_READS.get();
  }

  /** Files opened (successfully) since {@link #root}. */
  public static int reads() {
    return READS.get();
  }

  /** Copies the files of the local directory {@code dir} to {@code testfs://bucket/key}. */
  public static String upload(java.nio.file.Path dir, String bucket, String key)
      throws IOException {
    java.nio.file.Path to = root.resolve(bucket).resolve(key);
    Files.createDirectories(to);
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      for (java.nio.file.Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return SCHEME + "://" + bucket + "/" + key;
  }

  /** The local file behind {@code testfs://bucket/key/file}. */
  public static java.nio.file.Path local(String bucket, String key) {
    return root.resolve(bucket).resolve(key);
  }

  @Override
  public File pathToFile(Path path) {
    URI uri = path.toUri();
    String bucket = uri.getAuthority() == null ? "" : uri.getAuthority();
    return root.resolve(bucket).resolve(uri.getPath().replaceFirst("^/+", "")).toFile();
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    return open(f);
  }

  @Override
  public FSDataInputStream open(Path f) throws IOException {
    if (FAILING_READS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new ConnectException("testfs: connection refused (injected outage) opening " + f);
    }
    FSDataInputStream in = super.open(f);
    READS.incrementAndGet();
    return in;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public boolean isDistributedFS() {
    return true;
  }
}
