package io.statecast.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.Manifest;
import io.statecast.artifact.ModelArtifact;
import io.statecast.artifact.SpecJson;
import io.statecast.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File work of the registry: copying a verified artifact in, describing one, deleting trees. */
final class ArtifactFiles {

  static final String TRAINING = "training.json";
  static final String EVALUATION = "evaluation.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArtifactFiles() {}

  /**
   * Copies the files {@code source}'s manifest lists, and the manifest, into {@code dest} (which
   * must exist and be empty), then verifies the copy. Files the manifest does not list are left
   * behind: the registry never holds anything unverified.
   */
  static ModelArtifact copyVerified(ModelArtifact source, Path dest) throws ArtifactException {
    Path from = source.directory();
    try {
      for (String file : Manifest.read(from).digests().keySet()) {
        Files.copy(from.resolve(file), dest.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
      }
      Files.copy(from.resolve(Manifest.FILE), dest.resolve(Manifest.FILE));
    } catch (IOException e) {
      throw new ArtifactException("cannot copy the artifact from " + from + ": " + e, e);
    }
    ModelArtifact copy = ModelArtifact.load(dest);
    if (!copy.manifestSha256().equals(source.manifestSha256())) {
      throw new ArtifactException("the artifact at " + from + " changed while it was copied");
    }
    return copy;
  }

  /** Number of weights of an artifact. */
  static long parameters(ModelArtifact a) {
    long n = 0;
    for (Tensor t : a.weights().tensors().values()) {
      n += t.size();
    }
    return n;
  }

  /** The spec as a JSON tree, exactly as {@code model.json} would hold it. */
  static JsonNode specTree(ModelArtifact a) throws IOException {
    return JSON.readTree(SpecJson.write(a.spec()));
  }

  /**
   * One of the artifact's JSON reports, or null if it has none; a report that is not valid JSON is
   * returned as text rather than refused (it is informational).
   */
  static JsonNode report(ModelArtifact a, String file) throws ArtifactException {
    if (!a.hasExtra(file)) {
      return null;
    }
    byte[] bytes = a.extra(file);
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** Deletes a directory tree, if it exists. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
