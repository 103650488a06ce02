package io.statecast.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** An artifact in a directory of the local file system. */
record DirectorySource(Path dir) implements ArtifactSource {

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public String locationOf(String file) {
    return dir.resolve(file).toString();
  }

  @Override
  public byte[] read(String file) throws IOException {
    return Files.readAllBytes(dir.resolve(file));
  }

  @Override
  public Optional<Path> localDirectory() {
    return Optional.of(dir);
  }
}
