package io.statecast.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statecast.registry.RegistryException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The registry's records on disk: one {@code <id>/registry.json} per model, replaced atomically
 * (written to a temporary file, forced to disk, renamed over the old one), so a reader sees the old
 * record or the new one, never half of one, and a crash leaves one of the two.
 *
 * <p>Reads are served from a cache that is checked against the file's identity (inode, time, size)
 * on every read, so changes made by another process (the {@code registry} command next to a running
 * server) are seen at once. Writers take an in-process lock and then an exclusive lock on {@code
 * root/.lock}, so two processes never interleave their read-modify-write cycles.
 */
final class RecordStore {

  static final String RECORD_FILE = "registry.json";
  private static final String LOCK_FILE = ".lock";

  /** A change made under the registry's write lock. */
  @FunctionalInterface
  interface Mutation<T> {
    T apply() throws RegistryException, IOException;
  }

  private record Cached(Object fileKey, FileTime modified, long size, ModelRecord record) {}

  private final Path root;
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();

  RecordStore(Path root) {
    this.root = root;
  }

  /** The model's record, if the registry has the model. */
  Optional<ModelRecord> read(String id) throws RegistryException {
    Path file = root.resolve(id).resolve(RECORD_FILE);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      cache.remove(id);
      return Optional.empty();
    } catch (IOException e) {
      throw storage("cannot read " + file, e);
    }
    Cached hit = cache.get(id);
    if (hit != null
        && Objects.equals(hit.fileKey(), attrs.fileKey())
        && hit.modified().equals(attrs.lastModifiedTime())
        && hit.size() == attrs.size()) {
      return Optional.of(hit.record());
    }
    ModelRecord record = parse(file, id);
    cache.put(id, new Cached(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size(), record));
    return Optional.of(record);
  }

  /** Ids of every model in the registry, sorted. */
  List<String> ids() throws RegistryException {
    List<String> ids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve(RECORD_FILE)))
          .map(d -> d.getFileName().toString())
          .sorted()
          .forEach(ids::add);
    } catch (IOException e) {
      throw storage("cannot list " + root, e);
    }
    return ids;
  }

  /** Replaces the model's record atomically; call under {@link #locked}. */
  void write(ModelRecord record) throws IOException {
    Path dir = root.resolve(record.id());
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + RECORD_FILE + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(mapper.writeValueAsBytes(record)));
        ch.force(true);
      }
      Path target = dir.resolve(RECORD_FILE);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    cache.remove(record.id());
  }

  /** Runs {@code mutation} holding the in-process lock and the registry's file lock. */
  <T> T locked(Mutation<T> mutation) throws RegistryException {
    writeLock.lock();
    try (FileChannel ch =
        FileChannel.open(
            root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock();
      try {
        return mutation.apply();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw storage("cannot change the registry at " + root + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private ModelRecord parse(Path file, String id) throws RegistryException {
    ModelRecord record;
    try {
      record = mapper.readValue(file.toFile(), ModelRecord.class);
    } catch (IOException | IllegalArgumentException e) {
      throw storage(file + " is not a valid registry record: " + e.getMessage(), e);
    }
    if (!id.equals(record.id())) {
      throw storage(file + " names model '" + record.id() + "' but lies in directory " + id, null);
    }
    return record;
  }

  private static RegistryException storage(String message, Throwable cause) {
    return new RegistryException(Reason.STORAGE, message, cause);
  }
}
