package io.statecast.serve;

import io.javalin.security.RouteRole;

/**
 * What an endpoint needs from a caller; see {@link AuthConfig}. Public so that a {@link
 * ServerExtension} can declare the access of its routes (an endpoint without one is {@link #READ}).
 */
public enum Access implements RouteRole {
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
