package io.statecast.registry;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.Manifest;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.registry.ModelUpdatePublisher.PublishException;
import io.statecast.registry.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models by id and version on local disk, and their lifecycle: {@link #add} (or {@link
 * #addArchive}) a verified artifact as a new version, {@link #promote} a version to serving (which
 * publishes a {@link ModelUpdate}), {@link #retire} one. The layout is in {@code package-info}.
 *
 * <p><b>Why these rules.</b> A version is immutable once added: its number and manifest digest are
 * what running jobs and forecasts refer to, so an existing version is refused rather than replaced.
 * Every upload is verified before it is accepted and the registry keeps only the files the manifest
 * lists. A promotion is published first and recorded second, so the registry never claims a version
 * serves that the job was not told about.
 *
 * <p><b>Threads and processes.</b> Safe for concurrent use: reads are lock-free (records are
 * immutable and replaced atomically on disk), changes are serialised by the {@link RecordStore}'s
 * in-process and file locks, so a server and the {@code registry} command may share a root.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String VERSIONS = "versions";
  private static final String INCOMING = ".incoming";

  private final Path root;
  private final RecordStore store;
  private final ModelUpdatePublisher publisher;
  private final Clock clock;

  private ModelRegistry(Path root, ModelUpdatePublisher publisher, Clock clock) {
    this.root = root;
    this.store = new RecordStore(root);
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Opens (creating if needed) the registry at {@code root}. */
  public static ModelRegistry open(Path root, ModelUpdatePublisher publisher) throws IOException {
    return open(root, publisher, Clock.systemUTC());
  }

  /** Opens the registry at {@code root}, with a clock for the times it records. */
  public static ModelRegistry open(Path root, ModelUpdatePublisher publisher, Clock clock)
      throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    Files.createDirectories(abs.resolve(INCOMING));
    return new ModelRegistry(abs, publisher, clock);
  }

  /** The registry's root directory (absolute). */
  public Path root() {
    return root;
  }

  /** Where promotions are published. */
  public ModelUpdatePublisher publisher() {
    return publisher;
  }

  /** Every model, sorted by id. */
  public List<ModelRecord> list() throws RegistryException {
    List<ModelRecord> models = new ArrayList<>();
    for (String id : store.ids()) {
      store.read(id).ifPresent(models::add);
    }
    return models;
  }

  /** The model's record, if the registry has it (an id that is not a valid id has none). */
  public Optional<ModelRecord> find(String id) throws RegistryException {
    return id != null && MODEL_ID.matcher(id).matches() ? store.read(id) : Optional.empty();
  }

  /** The model's record. */
  public ModelRecord model(String id) throws RegistryException {
    return find(id)
        .orElseThrow(
            () ->
                new RegistryException(
                    Reason.NOT_FOUND, "model '" + id + "' is not in the registry"));
  }

  /** One version's record. */
  public VersionRecord version(String id, int version) throws RegistryException {
    return model(id)
        .version(version)
        .orElseThrow(
            () ->
                new RegistryException(
                    Reason.NOT_FOUND, "model '" + id + "' has no version " + version));
  }

  /** The promoted version of the model, empty if none was promoted or the model is unknown. */
  public OptionalInt servingVersion(String id) throws RegistryException {
    Optional<ModelRecord> m = find(id);
    return m.isEmpty() || m.get().serving() == null
        ? OptionalInt.empty()
        : OptionalInt.of(m.get().serving());
  }

  /** Where version {@code version} of model {@code id} lies. */
  public Path artifactDirectory(String id, int version) {
    return root.resolve(id).resolve(VERSIONS).resolve(Integer.toString(version));
  }

  /**
   * Loads and verifies a version's artifact.
   *
   * @throws RegistryException NOT_FOUND for an unknown version, CORRUPT when its files on disk no
   *     longer match their manifest
   */
  public ModelArtifact load(String id, int version) throws RegistryException {
    version(id, version);
    try {
      return ModelArtifact.load(artifactDirectory(id, version));
    } catch (ArtifactException e) {
      throw new RegistryException(
          Reason.CORRUPT,
          "model '" + id + "' version " + version + " fails verification: " + e.getMessage(),
          e);
    }
  }

  /** Describes a version: record, checksums, spec, training report and evaluation table. */
  public ModelDescription describe(String id, int version) throws RegistryException {
    ModelRecord m = model(id);
    VersionRecord v = version(id, version);
    ModelArtifact a = load(id, version);
    try {
      return new ModelDescription(
          id,
          version,
          v.status(),
          m.serving() != null && m.serving() == version,
          v.addedAt(),
          v.retiredAt(),
          a.directory().toUri().toString(),
          a.manifestSha256(),
          Manifest.read(a.directory()).digests(),
          ArtifactFiles.parameters(a),
          ArtifactFiles.specTree(a),
          ArtifactFiles.report(a, ArtifactFiles.TRAINING),
          ArtifactFiles.report(a, ArtifactFiles.EVALUATION));
    } catch (IOException e) {
      throw new RegistryException(Reason.CORRUPT, "cannot describe " + id + " v" + version, e);
    }
  }

  /**
   * Adds the artifact in {@code artifactDir} as a new version; its id and version come from its
   * {@code model.json}.
   *
   * @throws RegistryException INVALID when it fails verification, CONFLICT when the version exists
   */
  public AddedVersion add(Path artifactDir) throws RegistryException {
    ModelArtifact source;
    try {
      source = ModelArtifact.load(artifactDir);
    } catch (ArtifactException e) {
      throw new RegistryException(Reason.INVALID, "not a valid artifact: " + e.getMessage(), e);
    }
    String id = source.spec().id();
    int version = source.spec().version();
    refuseExisting(id, version);
    Path staging = null;
    try {
      staging = Files.createTempDirectory(root.resolve(INCOMING), id + "-v" + version + "-");
      ArtifactFiles.copyVerified(source, staging);
      return install(id, version, source.manifestSha256(), staging);
    } catch (ArtifactException e) {
      throw new RegistryException(Reason.INVALID, "not a valid artifact: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RegistryException(Reason.STORAGE, "cannot add the artifact: " + e, e);
    } finally {
      deleteQuietly(staging);
    }
  }

  /**
   * Adds the artifact packed in a zip, tar or tar.gz archive as a new version.
   *
   * @throws RegistryException INVALID for a bad archive or artifact, TOO_LARGE beyond the limits,
   *     CONFLICT when the version exists
   */
  public AddedVersion addArchive(InputStream archive, UploadLimits limits)
      throws RegistryException {
    Path unpacked = null;
    try {
      unpacked = Files.createTempDirectory(root.resolve(INCOMING), "upload-");
      Path dir = ArchiveExtractor.extract(archive, unpacked, limits);
      return add(dir);
    } catch (LimitedInputStream.LimitExceededException e) {
      throw new RegistryException(Reason.TOO_LARGE, e.getMessage(), e);
    } catch (IOException e) {
      throw new RegistryException(Reason.INVALID, "cannot read the upload: " + e.getMessage(), e);
    } finally {
      deleteQuietly(unpacked);
    }
  }

  /**
   * Makes {@code version} the serving version and publishes a {@link ModelUpdate} for it.
   *
   * @param policy what running jobs do with existing per-key states
   * @param note free text recorded with the promotion, or null
   * @return the published update
   * @throws RegistryException NOT_FOUND, CONFLICT for a retired version, CORRUPT when its files
   *     fail verification, PUBLISH_FAILED when the update could not be published (then nothing
   *     changed)
   */
  public ModelUpdate promote(String id, int version, StatePolicy policy, String note)
      throws RegistryException {
    if (policy == null) {
      throw new RegistryException(Reason.INVALID, "a promotion needs a state policy");
    }
    return store.locked(
        () -> {
          ModelRecord m = model(id);
          if (version(id, version).retired()) {
            throw new RegistryException(
                Reason.CONFLICT,
                "model '" + id + "' version " + version + " is retired and cannot be promoted");
          }
          ModelArtifact a = load(id, version);
          ModelUpdate update =
              ModelUpdate.newBuilder()
                  .setModelId(id)
                  .setVersion(version)
                  .setArtifactUri(a.directory().toUri().toString())
                  .setManifestSha256(a.manifestSha256())
                  .setPolicy(policy)
                  .setPublishedAt(clock.millis())
                  .setNote(note)
                  .build();
          publish(update);
          store.write(
              m.withPromotion(new Promotion(version, policy, clock.instant().toString(), note)));
          LOG.info("promoted {} v{} ({}) via {}", id, version, policy, publisher.describe());
          return update;
        });
  }

  /**
   * Retires a version: it stays on disk (a running job may still read it) but can no longer be
   * promoted or served. Retiring a retired version changes nothing.
   *
   * @throws RegistryException NOT_FOUND, or CONFLICT for the serving version
   */
  public VersionRecord retire(String id, int version) throws RegistryException {
    return store.locked(
        () -> {
          ModelRecord m = model(id);
          VersionRecord v = version(id, version);
          if (v.retired()) {
            return v;
          }
          if (m.serving() != null && m.serving() == version) {
            throw new RegistryException(
                Reason.CONFLICT,
                "model '"
                    + id
                    + "' version "
                    + version
                    + " is the serving version; promote another version before retiring it");
          }
          VersionRecord retired = v.retire(clock.instant().toString());
          store.write(m.withVersion(retired));
          LOG.info("retired {} v{}", id, version);
          return retired;
        });
  }

  private void publish(ModelUpdate update) throws RegistryException {
    try {
      publisher.publish(update);
    } catch (PublishException e) {
      throw new RegistryException(
          Reason.PUBLISH_FAILED, e.getMessage() + "; the promotion was not recorded", e);
    }
  }

  private AddedVersion install(String id, int version, String sha, Path staging)
      throws RegistryException {
    return store.locked(
        () -> {
          ModelRecord m = store.read(id).orElse(ModelRecord.empty(id));
          if (m.version(version).isPresent()) {
            throw exists(id, version);
          }
          Path dest = artifactDirectory(id, version);
          ArtifactFiles.deleteTree(dest); // left by a crash between the move and the record
          Files.createDirectories(dest.getParent());
          Files.move(staging, dest, StandardCopyOption.ATOMIC_MOVE);
          VersionRecord v = new VersionRecord(version, sha, clock.instant().toString(), null);
          store.write(m.withVersion(v));
          LOG.info("added {} v{} (manifest {})", id, version, sha);
          return new AddedVersion(id, v, dest.toUri().toString());
        });
  }

  private void refuseExisting(String id, int version) throws RegistryException {
    if (store.read(id).flatMap(m -> m.version(version)).isPresent()) {
      throw exists(id, version);
    }
  }

  private static RegistryException exists(String id, int version) {
    return new RegistryException(
        Reason.CONFLICT,
        "model '"
            + id
            + "' already has version "
            + version
            + "; versions are immutable: give the artifact a new version in its model.json");
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      ArtifactFiles.deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
