package io.statecast.serve;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;
import java.util.Set;

/**
 * What runs before every matched endpoint: the per-client rate limit, then authentication and
 * authorisation by the endpoint's {@link Access}. The token is read from the {@code Authorization}
 * header and only ever compared ({@link BearerToken#matches}); it is never logged or echoed.
 */
final class Guard {

  private static final String CHALLENGE = "Bearer realm=\"statecast\"";

  private final AuthConfig auth;
  private final RateLimiter limiter;
  private final ServerMetrics metrics;

  Guard(AuthConfig auth, LimitsConfig limits, ServerMetrics metrics) {
    this.auth = auth;
    this.limiter =
        limits.rateLimited() ? new RateLimiter(limits.ratePerSecond(), limits.rateBurst()) : null;
    this.metrics = metrics;
  }

  /** The endpoint's access level (READ if it declares none). */
  static Access access(Set<RouteRole> roles) {
    for (RouteRole r : roles) {
      if (r instanceof Access a) {
        return a;
      }
    }
    return Access.READ;
  }

  /** Checks the rate limit and the caller's rights; throws the 401, 403 or 429 answer. */
  void check(Context ctx) {
    Access access = access(ctx.routeRoles());
    if (access == Access.PUBLIC) {
      return;
    }
    if (limiter != null) {
      long retry = limiter.acquire(ctx.ip(), System.nanoTime());
      if (retry > 0) {
        metrics.rejected.labelValues("rate_limited").inc();
        throw ApiException.tooManyRequests(
            "too many requests from this client; retry in " + retry + " s", retry);
      }
    }
    authorize(access, ctx.header("Authorization"));
  }

  private void authorize(Access access, String header) {
    if (auth.admin() == null) {
      if (access.write() && !auth.openWrites()) {
        metrics.rejected.labelValues("forbidden").inc();
        throw new ApiException(
            403,
            "writes are disabled: the server was started without a token (--token-file or"
                + " STATECAST_TOKEN)");
      }
      return;
    }
    if (!access.write() && !auth.tokenForReads()) {
      return;
    }
    String token = bearer(header);
    if (token == null) {
      metrics.rejected.labelValues("unauthenticated").inc();
      throw new ApiException(
          401,
          "this endpoint needs a bearer token: send 'Authorization: Bearer <token>'",
          Map.of("WWW-Authenticate", CHALLENGE));
    }
    if (auth.admin().matches(token)) {
      return;
    }
    if (auth.reader() != null && auth.reader().matches(token)) {
      if (access.write()) {
        metrics.rejected.labelValues("forbidden").inc();
        throw new ApiException(
            403, "this token may only read; changing the server needs the admin token");
      }
      return;
    }
    metrics.rejected.labelValues("unauthenticated").inc();
    throw new ApiException(
        401,
        "the bearer token is not valid",
        Map.of("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\""));
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
