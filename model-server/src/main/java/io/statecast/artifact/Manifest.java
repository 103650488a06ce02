package io.statecast.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 checksums of an artifact's files, in the format of {@code sha256sum} (one {@code
 * <hex> <file>} line per file), so that {@code sha256sum -c manifest.sha256} checks an artifact
 * too. Loading verifies every listed file; a file that is not listed is never read.
 */
public final class Manifest {

  /** The manifest's file name inside an artifact directory. */
  public static final String FILE = "manifest.sha256";

  private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *]([A-Za-z0-9._-]+)");

  private final Map<String, String> digests;

  private Manifest(Map<String, String> digests) {
    this.digests = digests;
  }

  /** Computes the manifest of {@code files} inside {@code dir}. */
  public static Manifest of(Path dir, List<String> files) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String f : files) {
      m.put(f, sha256(dir.resolve(f)));
    }
    return new Manifest(m);
  }

  /** Reads {@code dir/manifest.sha256}. */
  public static Manifest read(Path dir) throws ArtifactException {
    Path file = dir.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ArtifactException(dir + " is not a model artifact: it has no " + FILE);
    } catch (IOException e) {
      throw new ArtifactException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * Parses the content of a manifest.
   *
   * @param where the manifest's path or URI, for messages
   */
  public static Manifest parse(byte[] content, String where) throws ArtifactException {
    List<String> lines = utf8(content, where).lines().toList();
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher match = LINE.matcher(line);
      if (!match.matches()) {
        throw new ArtifactException(
            where
                + ": line "
                + (i + 1)
                + " is not '<sha256 hex>  <file name>': "
                + abbreviate(line));
      }
      m.put(match.group(2), match.group(1));
    }
    return new Manifest(m);
  }

  /**
   * Text of a file the manifest verified, decoded strictly: bytes that are not UTF-8 are an error,
   * not replacement characters.
   *
   * @param where the file's path or URI, for messages
   */
  static String utf8(byte[] content, String where) throws ArtifactException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ArtifactException(where + ": not valid UTF-8 text", e);
    }
  }

  /** Writes {@code dir/manifest.sha256}. */
  public void write(Path dir) throws IOException {
    StringBuilder sb = new StringBuilder();
    digests.forEach((f, d) -> sb.append(d).append("  ").append(f).append('\n'));
    Files.writeString(dir.resolve(FILE), sb.toString(), StandardCharsets.UTF_8);
  }

  /**
   * Checks that {@code required} files are listed.
   *
   * @param where the manifest's path or URI, for messages
   */
  public void requireListed(List<String> required, String where) throws ArtifactException {
    for (String r : required) {
      if (!digests.containsKey(r)) {
        throw new ArtifactException(where + " does not list " + r);
      }
    }
  }

  /**
   * Checks that the listed file {@code file} has the digest {@code actual}.
   *
   * @param where the file's path or URI, for messages
   * @throws ArtifactException when it is not listed or its digest differs
   */
  public void check(String file, String actual, String where) throws ArtifactException {
    String listed = digests.get(file);
    if (listed == null) {
      throw new ArtifactException(where + " is not listed in " + FILE);
    }
    if (!actual.equals(listed)) {
      throw new ArtifactException(
          where
              + ": SHA-256 is "
              + actual
              + " but "
              + FILE
              + " says "
              + listed
              + ": the file was modified or corrupted; refusing to load it");
    }
  }

  /** The listed files and their digests. */
  public Map<String, String> digests() {
    return Map.copyOf(digests);
  }

  /** Whether {@code file} is listed. */
  public boolean lists(String file) {
    return digests.containsKey(file);
  }

  /** SHA-256 of a file, as lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** SHA-256 of {@code bytes}, as lower-case hex. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
