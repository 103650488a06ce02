package io.statecast.artifact;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.SpecMismatchException;
import io.statecast.tensor.Tensor;
import io.statecast.tensor.TensorFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model artifact: a directory holding {@code model.json} (the {@link ModelSpec}), the weights in
 * a data-only format ({@code weights.safetensors}, or {@code weights.npz}), any other files the
 * model carries (training report, normalisation statistics), and {@code manifest.sha256} with the
 * SHA-256 of every one of them. {@link #load} reads the manifest, then each file it lists (and
 * nothing else), checks every file's SHA-256 before it parses anything, then checks the weights
 * against the spec. What is parsed is the very bytes that were checked. The directory may be local
 * or in any store an {@link ArtifactSource} reads. See {@code docs/model-format.md}.
 */
public final class ModelArtifact {

  public static final String SPEC_FILE = "model.json";
  public static final String WEIGHTS_FILE = "weights.safetensors";
  public static final String NPZ_WEIGHTS_FILE = "weights.npz";

  private final ArtifactSource source;
  private final ModelWeights weights;
  private final String manifestSha256;
  private final Map<String, byte[]> extras;

  private ModelArtifact(
      ArtifactSource source,
      ModelWeights weights,
      String manifestSha256,
      Map<String, byte[]> extras) {
    this.source = source;
    this.weights = weights;
    this.manifestSha256 = manifestSha256;
    this.extras = extras;
  }

  /** Where it was loaded from. */
  public ArtifactSource source() {
    return source;
  }

  /** Where it was loaded from, as a path or URI. */
  public String location() {
    return source.location();
  }

  /**
   * The local directory it was loaded from.
   *
   * @throws IllegalStateException when it was loaded from elsewhere (e.g. an object store)
   */
  public Path directory() {
    return source
        .localDirectory()
        .orElseThrow(
            () -> new IllegalStateException(location() + " is not a local artifact directory"));
  }

  /** The spec and its checked weights. */
  public ModelWeights weights() {
    return weights;
  }

  /** SHA-256 of the manifest, the artifact's identity in model updates. */
  public String manifestSha256() {
    return manifestSha256;
  }

  public ModelSpec spec() {
    return weights.spec();
  }

  /** Loads and verifies the artifact in the local directory {@code dir}. */
  public static ModelArtifact load(Path dir) throws ArtifactException {
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException(dir + " is not a directory (a model artifact is a directory)");
    }
    return load(ArtifactSource.directory(dir));
  }

  /**
   * Loads and verifies an artifact: the manifest first, then every file it lists, each checked
   * against its SHA-256 before any is parsed.
   *
   * @throws ArtifactUnavailableException when a file could not be read for a reason that may pass
   *     (the store is unreachable); nothing is known to be wrong with the artifact
   * @throws ArtifactException when the manifest is missing, a file is missing or altered, the spec
   *     is invalid, or the weights do not fit the spec; the message names the file and says what is
   *     wrong
   */
  public static ModelArtifact load(ArtifactSource source) throws ArtifactException {
    byte[] manifestBytes;
    try {
      manifestBytes = source.read(Manifest.FILE);
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new ArtifactException(
          source.location() + " is not a model artifact: it has no " + Manifest.FILE);
    } catch (IOException e) {
      throw unreadable(source, Manifest.FILE, e);
    }
    Manifest manifest = Manifest.parse(manifestBytes, source.locationOf(Manifest.FILE));
    String weightsFile = manifest.lists(NPZ_WEIGHTS_FILE) ? NPZ_WEIGHTS_FILE : WEIGHTS_FILE;
    manifest.requireListed(List.of(SPEC_FILE, weightsFile), source.locationOf(Manifest.FILE));
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String file : manifest.digests().keySet()) {
      byte[] bytes = read(source, file);
      manifest.check(file, Manifest.sha256(bytes), source.locationOf(file));
      files.put(file, bytes);
    }
    byte[] spec = files.remove(SPEC_FILE);
    ModelWeights weights = parse(source, spec, weightsFile, files.remove(weightsFile));
    return new ModelArtifact(source, weights, Manifest.sha256(manifestBytes), Map.copyOf(files));
  }

  private static ModelWeights parse(
      ArtifactSource source, byte[] spec, String weightsFile, byte[] weights)
      throws ArtifactException {
    String specAt = source.locationOf(SPEC_FILE);
    ModelSpec parsed = SpecJson.parse(Manifest.utf8(spec, specAt), specAt);
    String weightsAt = source.locationOf(weightsFile);
    try {
      Map<String, Tensor> tensors = TensorFiles.read(weights, weightsAt);
      return ModelWeights.bind(parsed, tensors, weightsAt);
    } catch (SpecMismatchException | IOException e) {
      throw new ArtifactException(e.getMessage(), e);
    }
  }

  /** A listed file's bytes; a missing one is the artifact's fault, any other failure may pass. */
  private static byte[] read(ArtifactSource source, String file) throws ArtifactException {
    try {
      return source.read(file);
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new ArtifactException(
          source.locationOf(file) + " is listed in " + Manifest.FILE + " but missing");
    } catch (ArtifactException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(source, file, e);
    }
  }

  private static ArtifactException unreadable(ArtifactSource source, String file, IOException e) {
    return e instanceof ArtifactException a
        ? a
        : new ArtifactUnavailableException(
            source.locationOf(file) + ": cannot read: " + e.getMessage(), e);
  }

  /**
   * Refuses {@code dir} as a new artifact's directory when it exists and is not empty: what {@link
   * #write} would refuse, for a caller to ask before long work (training).
   */
  public static void checkNew(Path dir) throws IOException {
    if (Files.exists(dir) && !isEmptyDirectory(dir)) {
      throw new ArtifactException(dir + " already exists and is not empty; choose a new directory");
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
    checkNew(dir);
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

  /** The names of the files the manifest lists besides the spec and the weights. */
  public java.util.Set<String> extraNames() {
    return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(extras.keySet()));
  }

  /** Whether the manifest lists {@code name} besides the spec and the weights. */
  public boolean hasExtra(String name) {
    return extras.containsKey(name);
  }

  /**
   * One of the artifact's extra files, as verified against the manifest at load.
   *
   * @throws ArtifactException when the manifest does not list it
   */
  public byte[] extra(String name) throws ArtifactException {
    byte[] bytes = extras.get(name);
    if (bytes == null) {
      throw new ArtifactException(location() + " has no file '" + name + "' in its manifest");
    }
    return bytes.clone();
  }

  @Override
  public String toString() {
    return "ModelArtifact[" + location() + ", " + spec().id() + " v" + spec().version() + "]";
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
