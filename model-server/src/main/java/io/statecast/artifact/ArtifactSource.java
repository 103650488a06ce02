package io.statecast.artifact;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an artifact's files are: a local directory ({@link #directory}), or any other store that
 * can hand over a named file's bytes (e.g. the Flink job's file systems: S3, GCS, Azure, HDFS).
 * {@link ModelArtifact#load(ArtifactSource)} asks for the manifest first and then only for the
 * files it lists, so a source needs no listing.
 */
public interface ArtifactSource {

  /** Where the artifact is, as a path or URI: names it in messages and in model updates. */
  String location();

  /** Where {@code file} is, for messages. */
  default String locationOf(String file) {
    return location().endsWith("/") ? location() + file : location() + "/" + file;
  }

  /**
   * The whole content of {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException or {@link java.io.FileNotFoundException} when there
   *     is no such file (permanent: the artifact is incomplete)
   * @throws ArtifactException when the source can never be read as it is (e.g. no file system for
   *     its scheme)
   * @throws IOException for any other failure to read it, which may pass (the store is unreachable)
   */
  byte[] read(String file) throws IOException;

  /** The local directory, for a source that is one. */
  default Optional<Path> localDirectory() {
    return Optional.empty();
  }

  /** The artifact directory {@code dir} on the local file system. */
  static ArtifactSource directory(Path dir) {
    return new DirectorySource(dir);
  }
}
