package io.statecast.registry;

import io.statecast.artifact.Manifest;
import io.statecast.registry.RegistryException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an uploaded artifact archive (zip, tar or gzipped tar, recognised by their first bytes)
 * into a fresh directory, refusing anything an artifact does not need and anything that could
 * escape the directory: absolute paths, {@code ..}, links and special files, names other than plain
 * file names, more than one directory level, too many entries or too many bytes (a decompression
 * bomb stops at the byte limit). Hidden entries ({@code .name}, {@code __MACOSX/}) that archivers
 * add are skipped.
 *
 * <p>The artifact may sit at the top of the archive or inside one directory ({@code tar -C parent
 * -cf a.tar model-v2}); {@link #extract} returns where its {@code manifest.sha256} is. Nothing here
 * trusts the content: the registry verifies the artifact afterwards.
 */
final class ArchiveExtractor {

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final UploadLimits limits;
  private int entries;
  private long bytes;

  private ArchiveExtractor(UploadLimits limits) {
    this.limits = limits;
  }

  /**
   * Unpacks {@code archive} into {@code dest} (an empty directory).
   *
   * @return the directory holding the artifact's manifest
   */
  static Path extract(InputStream archive, Path dest, UploadLimits limits)
      throws RegistryException, IOException {
    BufferedInputStream in = new BufferedInputStream(archive, 64 * 1024);
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    ArchiveExtractor x = new ArchiveExtractor(limits);
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      x.untar(gunzip(in), dest);
    } else if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3) {
      x.unzip(in, dest);
    } else {
      x.untar(in, dest);
    }
    if (x.entries == 0) {
      throw invalid("the upload is empty or not a zip, tar or tar.gz archive");
    }
    return artifactRoot(dest);
  }

  private static InputStream gunzip(InputStream in) throws RegistryException {
    try {
      return new GZIPInputStream(in, 64 * 1024);
    } catch (IOException e) {
      throw unreadable("gzip", e);
    }
  }

  private void untar(InputStream in, Path dest) throws RegistryException, IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry e;
    try {
      while ((e = tar.getNextEntry()) != null) {
        if (special(e)) {
          throw invalid(
              "archive entry '"
                  + printable(e.getName())
                  + "' is a link or special file; an artifact holds plain files only");
        }
        entry(e.getName(), e.isDirectory(), tar, dest);
      }
    } catch (IllegalArgumentException | IOException ex) {
      throw unreadable("tar", ex);
    }
  }

  private static boolean special(TarArchiveEntry e) {
    return e.isSymbolicLink()
        || e.isLink()
        || e.isCharacterDevice()
        || e.isBlockDevice()
        || e.isFIFO()
        || !(e.isDirectory() || e.isFile());
  }

  private void unzip(InputStream in, Path dest) throws RegistryException, IOException {
    ZipInputStream zip = new ZipInputStream(in);
    ZipEntry e;
    try {
      while ((e = zip.getNextEntry()) != null) {
        entry(e.getName(), e.isDirectory(), zip, dest);
      }
    } catch (IllegalArgumentException | IOException ex) {
      throw unreadable("zip", ex);
    }
  }

  private void entry(String rawName, boolean directory, InputStream data, Path dest)
      throws RegistryException, IOException {
    if (++entries > limits.maxEntries()) {
      throw new RegistryException(
          Reason.TOO_LARGE,
          "the archive has more than " + limits.maxEntries() + " entries; an artifact has a few");
    }
    List<String> parts = segments(rawName);
    if (parts.isEmpty() || parts.stream().anyMatch(ArchiveExtractor::hidden)) {
      return;
    }
    if (parts.size() > 2 || !parts.stream().allMatch(p -> PLAIN_NAME.matcher(p).matches())) {
      throw invalid(
          "archive entry '"
              + printable(rawName)
              + "' is not a plain file name (letters, digits, '.', '_', '-') at the top level or"
              + " inside one directory");
    }
    Path target = dest;
    for (String p : parts) {
      target = target.resolve(p);
    }
    if (!target.normalize().startsWith(dest)) {
      throw invalid("archive entry '" + printable(rawName) + "' points outside the archive");
    }
    if (directory) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    copy(data, target, rawName);
  }

  private void copy(InputStream data, Path target, String rawName)
      throws RegistryException, IOException {
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      int n;
      while ((n = data.read(buf)) > 0) {
        bytes += n;
        if (bytes > limits.maxBytes()) {
          throw new RegistryException(
              Reason.TOO_LARGE,
              "the archive unpacks to more than " + limits.maxBytes() + " bytes; refusing it");
        }
        out.write(buf, 0, n);
      }
    } catch (FileAlreadyExistsException e) {
      throw invalid("archive entry '" + printable(rawName) + "' is listed twice");
    }
  }

  private static List<String> segments(String rawName) throws RegistryException {
    String name = rawName;
    if (name.contains("\\") || name.startsWith("/") || name.indexOf('\0') >= 0) {
      throw invalid("archive entry '" + printable(rawName) + "' has an absolute or unsafe path");
    }
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    List<String> parts = Stream.of(name.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.stream().anyMatch(p -> p.equals("..") || p.equals("."))) {
      throw invalid("archive entry '" + printable(rawName) + "' has '..' or '.' in its path");
    }
    return parts;
  }

  private static boolean hidden(String part) {
    return part.startsWith(".") || part.equals("__MACOSX");
  }

  private static Path artifactRoot(Path dest) throws RegistryException, IOException {
    if (Files.isRegularFile(dest.resolve(Manifest.FILE))) {
      return dest;
    }
    List<Path> candidates;
    try (Stream<Path> s = Files.list(dest)) {
      candidates = s.filter(d -> Files.isRegularFile(d.resolve(Manifest.FILE))).toList();
    }
    if (candidates.size() != 1) {
      throw invalid(
          "the archive holds "
              + (candidates.isEmpty() ? "no model artifact" : candidates.size() + " artifacts")
              + ": expected one artifact directory (with "
              + Manifest.FILE
              + ") at its top level or inside one directory");
    }
    return candidates.get(0);
  }

  private static RegistryException unreadable(String kind, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LimitedInputStream.LimitExceededException tooLarge) {
        return new RegistryException(Reason.TOO_LARGE, tooLarge.getMessage(), e);
      }
    }
    return invalid("not a readable " + kind + " archive: " + e.getMessage());
  }

  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 100 ? clean : clean.substring(0, 97) + "...";
  }

  private static RegistryException invalid(String message) {
    return new RegistryException(Reason.INVALID, message);
  }
}
