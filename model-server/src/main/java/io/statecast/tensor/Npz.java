package io.statecast.tensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archive: a zip file with one {@link Npy .npy} array per entry, the entry
 * {@code x.npy} holding the array NumPy calls {@code x}. {@code np.savez} stores the entries
 * uncompressed, {@code np.savez_compressed} deflates them; both are read.
 *
 * <p>Reading checks each entry against its zip directory record: the array must fill the entry's
 * size exactly, and the bytes must match the entry's CRC-32, so a damaged archive is refused rather
 * than read as wrong numbers. Writing stores entries uncompressed like {@code np.savez} ({@link
 * #writeCompressed} deflates them), with a fixed timestamp so that the same tensors always give the
 * same bytes.
 */
public final class Npz {

  private static final String SUFFIX = ".npy";
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private Npz() {}

  /**
   * The arrays of the archive {@code file}, in archive order, keyed by entry name without {@code
   * .npy}.
   *
   * @throws TensorFormatException when the file is not a zip archive, an entry is not a readable
   *     {@code .npy} array, or two entries have the same name
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return read(file, file.toString());
  }

  /**
   * The arrays of an archive held in memory, as {@link #read(Path)} reads them. The archive is
   * written to a temporary file for the duration ({@link ZipFile} reads the central directory,
   * which a stream reader would skip), and deleted.
   *
   * @param source names the archive in error messages, e.g. its path or URI
   */
  public static Map<String, Tensor> read(byte[] content, String source) throws IOException {
    Path tmp = Files.createTempFile("statecast-", ".npz");
    try {
      Files.write(tmp, content);
      return read(tmp, source);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Map<String, Tensor> read(Path file, String source) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String key = keyOf(entry.getName(), source);
        if (tensors.put(key, readEntry(zip, entry, source)) != null) {
          throw new TensorFormatException(source + ": two entries are named '" + key + "'");
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      throw new TensorFormatException(
          source + ": not a readable zip archive (truncated or corrupt): " + e.getMessage(), e);
    }
    return tensors;
  }

  private static String keyOf(String entryName, String source) throws TensorFormatException {
    if (!entryName.endsWith(SUFFIX) || entryName.length() == SUFFIX.length()) {
      throw new TensorFormatException(
          source + ": entry '" + entryName + "' is not a .npy array (npz entries end in .npy)");
    }
    return entryName.substring(0, entryName.length() - SUFFIX.length());
  }

  private static Tensor readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException {
    String where = source + ": entry '" + entry.getName() + "'";
    CRC32 crc = new CRC32();
    try (CheckedInputStream in =
        new CheckedInputStream(new BufferedInputStream(zip.getInputStream(entry)), crc)) {
      Tensor tensor = Npy.read(in, where, entry.getSize());
      if (in.read() >= 0) {
        throw new TensorFormatException(
            where + ": holds more bytes than its directory size " + entry.getSize());
      }
      if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
        throw new TensorFormatException(
            where
                + ": CRC-32 mismatch (data "
                + Long.toHexString(crc.getValue())
                + ", directory "
                + Long.toHexString(entry.getCrc())
                + "): the archive is corrupt");
      }
      return tensor;
    } catch (ZipException | EOFException e) {
      throw new TensorFormatException(where + ": corrupt compressed data: " + e.getMessage(), e);
    }
  }

  /** Writes {@code tensors} to {@code file} uncompressed, as {@code np.savez} does. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, false);
  }

  /** Writes {@code tensors} to {@code file} deflated, as {@code np.savez_compressed} does. */
  public static void writeCompressed(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, true);
  }

  private static void write(Path file, Map<String, Tensor> tensors, boolean deflate)
      throws IOException {
    String target = file.toString();
    List<ZipEntry> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    // Encode everything first, so that a tensor that cannot be written leaves no partial file.
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
        throw new TensorFormatException(target + ": a tensor with an empty name or no value");
      }
      String name = e.getKey() + SUFFIX;
      byte[] npy = Npy.encode(e.getValue(), target + ": entry '" + name + "'");
      entries.add(entry(name, npy, deflate));
      contents.add(npy);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < entries.size(); i++) {
        zip.putNextEntry(entries.get(i));
        zip.write(contents.get(i));
        zip.closeEntry();
      }
    }
  }

  private static ZipEntry entry(String name, byte[] content, boolean deflate) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(FIXED_TIME);
    if (deflate) {
      entry.setMethod(ZipEntry.DEFLATED);
    } else {
      CRC32 crc = new CRC32();
      crc.update(content);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(content.length);
      entry.setCompressedSize(content.length);
      entry.setCrc(crc.getValue());
    }
    return entry;
  }
}
