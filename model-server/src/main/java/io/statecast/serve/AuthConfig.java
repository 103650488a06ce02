package io.statecast.serve;

/**
 * Who may call what. Endpoints are public (health, liveness), reads (metadata, inference, state,
 * metrics, registry listings) or writes (upload, promote, retire, resetting a key).
 *
 * <ul>
 *   <li>With an {@code admin} token, writes need it; reads need a token (admin or {@code reader})
 *       only when {@code tokenForReads}.
 *   <li>A {@code reader} token authenticates reads; presented on a write it is forbidden (403).
 *   <li>Without an admin token, writes are refused (403) unless {@code openWrites} says a local,
 *       trusted setup wants them open.
 * </ul>
 *
 * @param admin the token for writes and reads, or null
 * @param reader a read-only token, or null
 * @param tokenForReads whether reads need a token too
 * @param openWrites allow writes without a token (only without an admin token)
 */
public record AuthConfig(
    BearerToken admin, BearerToken reader, boolean tokenForReads, boolean openWrites) {

  /** No tokens, writes refused. */
  public static final AuthConfig NONE = new AuthConfig(null, null, false, false);

  public AuthConfig {
    if (admin == null && (reader != null || tokenForReads)) {
      throw new IllegalArgumentException(
          "a read token or tokens for reads need an admin token too (--token-file)");
    }
    if (admin != null && openWrites) {
      throw new IllegalArgumentException("open writes contradict a configured token");
    }
  }
}
