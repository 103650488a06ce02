package io.statecast.testing.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test has told a {@link TestSchemaRegistry} to do to its clients (fail with a status, hold
 * answers back, ask for credentials) and what it counted of their requests.
 *
 * <p>Kept apart from the API's handlers so that the misbehaviour on command is in one place, read
 * by the handlers before they answer. Thread-safe.
 */
final class RegistryControls {

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger registrations = new AtomicInteger();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  private volatile int failure;
  private volatile Duration delay = Duration.ZERO;
  private volatile String requiredAuthorization;

  /** Fails every request with {@code status}; 0 stops failing. */
  void failWith(int status) {
    if (status != 0 && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    failure = status;
  }

  /** The status every request fails with, or 0. */
  int failure() {
    return failure;
  }

  /** Holds each answer back for {@code delay}. */
  void delayAnswers(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    this.delay = delay;
  }

  /** Waits as long as answers are held back. */
  void holdAnswer() {
    sleep(delay);
  }

  /** Asks for {@code Authorization: Basic base64(user:password)}. */
  void requireBasicAuth(String user, String password) {
    requiredAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Asks for {@code Authorization: Bearer <token>}. */
  void requireBearerToken(String token) {
    requiredAuthorization = "Bearer " + token;
  }

  /** The {@code Authorization} header requests must have, or null for none. */
  String requiredAuthorization() {
    return requiredAuthorization;
  }

  /** Counts a request with {@code authorization} (null: without the header). */
  void countRequest(String authorization) {
    requests.incrementAndGet();
    authorizations.add(authorization == null ? "" : authorization);
  }

  /** Counts a {@code GET /schemas/ids/{id}}. */
  void countLookup() {
    lookups.incrementAndGet();
  }

  /** Counts a {@code POST /subjects/{subject}/versions}. */
  void countRegistration() {
    registrations.incrementAndGet();
  }

  /** Requests counted since the start or the last {@link #reset()}. */
  int requests() {
    return requests.get();
  }

  /** Schema lookups counted. */
  int lookups() {
    return lookups.get();
  }

  /** Registrations counted. */
  int registrations() {
    return registrations.get();
  }

  /** The {@code Authorization} header of each request, "" for none, in order. */
  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** No failure, no delay, no credentials asked for, the counters at zero. */
  void reset() {
    failure = 0;
    delay = Duration.ZERO;
    requiredAuthorization = null;
    requests.set(0);
    lookups.set(0);
    registrations.set(0);
    authorizations.clear();
  }

  /** Sleeps for {@code duration}; an interrupt ends it early and stays set. */
  static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
