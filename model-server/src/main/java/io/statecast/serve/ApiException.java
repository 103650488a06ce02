package io.statecast.serve;

import java.util.Map;

/**
 * A request the server answers with an error: an HTTP status, a message for the client (the JSON
 * body {@code {"error": message}}) and any headers the status calls for ({@code WWW-Authenticate},
 * {@code Retry-After}). Carries no stack trace: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  public ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  public ApiException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, message);
  }

  static ApiException tooLarge(long limit) {
    return new ApiException(
        413, "the request body is larger than the limit of " + limit + " bytes");
  }

  static ApiException tooManyRequests(String message, long retryAfterSeconds) {
    return new ApiException(429, message, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, message);
  }
}
