package io.statecast.artifact;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.SpecMismatchException;
import io.statecast.tensor.Tensor;
import io.statecast.tensor.TensorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model on disk: a directory holding {@code model.json} (the {@link ModelSpec}), the weights in a
 * data-only format ({@code weights.safetensors}, or {@code weights.npz}), any other files the model
 * carries (training report, normalisation statistics), and {@code manifest.sha256} with the SHA-256
 * of every one of them. {@link #load} verifies the manifest before it parses anything, then checks
 * the weights against the spec. See {@code docs/model-format.md}.
 *
 * @param directory where it was loaded from
 * @param weights the spec and its checked weights
 * @param manifestSha256 SHA-256 of the manifest, the artifact's identity in model updates
 */
public record ModelArtifact(Path directory, ModelWeights weights, String manifestSha256) {

  public static final String SPEC_FILE = "model.json";
  public static final String WEIGHTS_FILE = "weights.safetensors";
  public static final String NPZ_WEIGHTS_FILE = "weights.npz";

  public ModelSpec spec() {
    return weights.spec();
  }

  /**
   * Loads and verifies an artifact.
   *
   * @throws ArtifactException when the manifest is missing, a file is missing or altered, the spec
   *     is invalid, or the weights do not fit the spec; the message names the file and says what is
   *     wrong
   */
  public static ModelArtifact load(Path dir) throws ArtifactException {
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException(dir + " is not a directory (a model artifact is a directory)");
    }
    Manifest manifest = Manifest.read(dir);
    String weightsFile = manifest.lists(NPZ_WEIGHTS_FILE) ? NPZ_WEIGHTS_FILE : WEIGHTS_FILE;
    manifest.verify(dir, List.of(SPEC_FILE, weightsFile));
    ModelSpec spec =
        SpecJson.parse(readString(dir.resolve(SPEC_FILE)), dir.resolve(SPEC_FILE).toString());
    Map<String, Tensor> tensors;
    try {
      tensors = TensorFiles.read(dir.resolve(weightsFile));
    } catch (IOException e) {
      throw new ArtifactException(e.getMessage(), e);
    }
    ModelWeights weights;
    try {
      weights = ModelWeights.bind(spec, tensors, dir.resolve(weightsFile).toString());
    } catch (SpecMismatchException e) {
      throw new ArtifactException(e.getMessage(), e);
    }
    try {
      return new ModelArtifact(dir, weights, Manifest.sha256(dir.resolve(Manifest.FILE)));
    } catch (IOException e) {
      throw new ArtifactException(dir.resolve(Manifest.FILE) + ": cannot read", e);
    }
  }

  /**
   * Writes an artifact to {@code dir} (created; must not exist or be empty): spec, weights as
   * safetensors, the extra files, then the manifest over all of them. The directory is written
   * under a temporary name and renamed at the end, so a reader never sees half an artifact.
   *
   * @param extras more files to carry, by name (e.g. {@code training.json}); names must be plain
   */
  public static ModelArtifact write(Path dir, ModelWeights weights, Map<String, byte[]> extras)
      throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(dir) && !isEmptyDirectory(dir)) {
      throw new ArtifactException(dir + " already exists and is not empty; choose a new directory");
    }
    Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
    List<String> files = new ArrayList<>(List.of(SPEC_FILE, WEIGHTS_FILE));
    Files.writeString(
        tmp.resolve(SPEC_FILE), SpecJson.write(weights.spec()), StandardCharsets.UTF_8);
    TensorFiles.write(tmp.resolve(WEIGHTS_FILE), weights.tensors());
    for (Map.Entry<String, byte[]> e : extras.entrySet()) {
      if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9._-]*") || files.contains(e.getKey())) {
        throw new IllegalArgumentException("not a valid extra file name: '" + e.getKey() + "'");
      }
      Files.write(tmp.resolve(e.getKey()), e.getValue());
      files.add(e.getKey());
    }
    Manifest.of(tmp, files).write(tmp);
    if (Files.exists(dir)) {
      Files.delete(dir);
    }
    Files.move(tmp, dir);
    return load(dir);
  }

  /** Reads one of the artifact's extra files, which the manifest verified at load. */
  public byte[] extra(String name) throws ArtifactException {
    Manifest manifest = Manifest.read(directory);
    if (!manifest.lists(name)) {
      throw new ArtifactException(directory + " has no file '" + name + "' in its manifest");
    }
    manifest.verify(directory, List.of(name));
    try {
      return Files.readAllBytes(directory.resolve(name));
    } catch (IOException e) {
      throw new ArtifactException(directory.resolve(name) + ": cannot read", e);
    }
  }

  private static String readString(Path file) throws ArtifactException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ArtifactException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
