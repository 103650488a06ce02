package io.statecast.serve;

import io.javalin.security.RouteRole;

/** What an endpoint needs from a caller; see {@link AuthConfig}. */
enum Access implements RouteRole {
  /** Anyone: health and liveness. */
  PUBLIC,
  /** Reads and inference: a token only when reads need one. */
  READ,
  /** Changes: always a token with write rights (admin), or open writes. */
  WRITE,
  /** A write whose body is a model archive (the upload limit applies, not the JSON one). */
  UPLOAD;

  boolean write() {
    return this == WRITE || this == UPLOAD;
  }
}
