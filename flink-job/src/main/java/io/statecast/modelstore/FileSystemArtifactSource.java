package io.statecast.modelstore;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ArtifactSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * An artifact's files read through Flink's {@link FileSystem} for the location's scheme: whatever
 * the installation's plugins provide ({@code plugins/}), Hadoop's file systems when Hadoop is on
 * the class path, and the local file system. Credentials and endpoints come from Flink's
 * configuration ({@code s3.access-key}, …) as for checkpoints. A scheme no file system serves is an
 * {@link ArtifactException} that names the plugin to add, since retrying cannot help.
 */
public final class FileSystemArtifactSource implements ArtifactSource {

  /** What makes a common scheme readable, in the words of an error message. */
  private static final Map<String, String> REMEDIES =
      Map.ofEntries(
          Map.entry("s3", plugin("flink-s3-fs-hadoop", " (or flink-s3-fs-presto)")),
          Map.entry("s3a", plugin("flink-s3-fs-hadoop", "")),
          Map.entry("s3p", plugin("flink-s3-fs-presto", "")),
          Map.entry("gs", plugin("flink-gs-fs-hadoop", "")),
          Map.entry("abfs", plugin("flink-azure-fs-hadoop", "")),
          Map.entry("abfss", plugin("flink-azure-fs-hadoop", "")),
          Map.entry("wasb", plugin("flink-azure-fs-hadoop", "")),
          Map.entry("wasbs", plugin("flink-azure-fs-hadoop", "")),
          Map.entry("oss", plugin("flink-oss-fs-hadoop", "")),
          Map.entry("hdfs", hadoop()),
          Map.entry("viewfs", hadoop()));

  private static final String LOCAL_SCHEME = LocalFileSystem.getLocalFsURI().getScheme();

  private final String location;
  private final Path root;

  private FileSystemArtifactSource(String location, Path root) {
    this.location = location;
    this.root = root;
  }

  /**
   * The artifact at {@code location} (a URI or a plain local path, see {@link ModelLocation}).
   *
   * @throws ArtifactException when the location is not a valid URI
   */
  public static FileSystemArtifactSource of(String location) throws ArtifactException {
    try {
      return new FileSystemArtifactSource(location, ModelLocation.parse(location));
    } catch (IllegalArgumentException e) {
      throw new ArtifactException(e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public byte[] read(String file) throws IOException {
    FileSystem fs = fileSystem();
    try (InputStream in = fs.open(new Path(root, file))) {
      return in.readAllBytes();
    }
  }

  @Override
  public Optional<java.nio.file.Path> localDirectory() {
    return LOCAL_SCHEME.equals(root.toUri().getScheme())
        ? Optional.of(java.nio.file.Path.of(root.toUri()))
        : Optional.empty();
  }

  private FileSystem fileSystem() throws IOException {
    try {
      return root.getFileSystem();
    } catch (UnsupportedFileSystemSchemeException e) {
      throw new ArtifactException(noFileSystem(root.toUri().getScheme()), e);
    }
  }

  private String noFileSystem(String scheme) {
    return location
        + ": no Flink file system serves the scheme '"
        + scheme
        + "' here: "
        + REMEDIES.getOrDefault(
            scheme,
            "add a Flink file system plugin for it, in its own folder under the plugins/ directory"
                + " of the Flink client, JobManager and TaskManagers");
  }

  private static String plugin(String name, String alternative) {
    String jar = name + "-" + EnvironmentInformation.getVersion() + ".jar";
    return "add the plugin "
        + name
        + alternative
        + " to the Flink client, JobManager and TaskManagers: copy opt/"
        + jar
        + " into plugins/"
        + name
        + "/ (in the official Flink image: ENABLE_BUILT_IN_PLUGINS="
        + jar
        + ")";
  }

  private static String hadoop() {
    return "put Hadoop's client on the class path of the Flink client, JobManager and TaskManagers"
        + " (export HADOOP_CLASSPATH=$(hadoop classpath))";
  }

  @Override
  public String toString() {
    return location;
  }
}
