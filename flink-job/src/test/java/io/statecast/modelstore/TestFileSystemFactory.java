package io.statecast.modelstore;

import java.net.URI;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;

/**
 * Provides the {@code testfs} scheme ({@link TestFileSystem}) the way a Flink file system plugin
 * provides {@code s3}: found through {@code META-INF/services/org.apache.flink.core.fs
 * .FileSystemFactory} when Flink's {@link FileSystem} is initialised.
 */
public final class TestFileSystemFactory implements FileSystemFactory {

  @Override
  public String getScheme() {
    return TestFileSystem.SCHEME;
  }

  @Override
  public FileSystem create(URI fsUri) {
    return new TestFileSystem();
  }
}
