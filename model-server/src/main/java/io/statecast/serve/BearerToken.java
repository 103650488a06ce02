package io.statecast.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A bearer token the server accepts. Only the token's SHA-256 is kept, and a presented token is
 * compared by hashing it and comparing the digests with {@link MessageDigest#isEqual} (constant
 * time): the comparison takes the same time however many leading characters match, and however long
 * the presented token is. {@link #toString} never shows the token.
 */
public final class BearerToken {

  /** Shortest token accepted: 128 bits of base64 or hex are at least this long. */
  public static final int MIN_LENGTH = 16;

  private final byte[] digest;

  private BearerToken(byte[] digest) {
    this.digest = digest;
  }

  /**
   * A token from its text.
   *
   * @throws IllegalArgumentException when it is shorter than {@value #MIN_LENGTH} characters or
   *     holds whitespace or control characters (the message never contains the token)
   */
  public static BearerToken of(String token) {
    if (token == null || token.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the bearer token must be at least " + MIN_LENGTH + " characters long");
    }
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "the bearer token must be printable ASCII without spaces (e.g. base64 or hex)");
    }
    return new BearerToken(sha256(token));
  }

  /** A token read from a file (surrounding whitespace and the final newline are ignored). */
  public static BearerToken fromFile(Path file) throws IOException {
    return of(Files.readString(file, StandardCharsets.UTF_8).strip());
  }

  /** Whether {@code presented} is this token, in time independent of where they differ. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
