package io.statecast.testing.registry;

import io.statecast.wire.registry.RegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A small schema registry for tests that speaks the part of the Confluent REST API that Statecast's
 * {@link io.statecast.wire.registry.RegistryClient} uses, on the JDK's HTTP server on 127.0.0.1,
 * with controls for the failures a client must survive.
 *
 * <p><b>Why not a real registry.</b> Confluent Schema Registry and Karapace are not on Maven
 * Central. Apicurio Registry's application jar ({@code io.apicurio:apicurio-registry-app}) is, but
 * it cannot be run from there: it is a plain jar of the application's classes that needs a Quarkus
 * build before it starts, and modules it depends on are not on Maven Central ({@code
 * apicurio-registry-schema-util-provider} and {@code apicurio-registry-config-index} for 3.3.x and
 * 2.6.13.Final; the parent POM for 3.0.9). This server is small enough to read, starts in
 * milliseconds and fails on command; it is no proof of compatibility with a real registry.
 *
 * <p><b>The API.</b>
 *
 * <ul>
 *   <li>{@code GET /schemas/ids/{id}}: {@code {"schema": "<text>"}} ({@code "schemaType"} too when
 *       not Avro), or 404 with {@code {"error_code": 40403, ...}};
 *   <li>{@code POST /subjects/{subject}/versions} with {@code {"schema": "<avsc>"}}: {@code {"id":
 *       N}}; one schema (by its Avro canonical JSON) has one id in every subject, and registering
 *       it again gives the same id; text that is not an Avro schema is 422 with {@code error_code}
 *       42201;
 *   <li>{@code GET /subjects}: the subjects' names; {@code GET /subjects/{subject}/versions}: the
 *       version numbers, or 404 with {@code error_code} 40401.
 * </ul>
 *
 * <p><b>Controls.</b> {@link #goDown()} stops listening (connections are refused), {@link
 * #comeBack()} listens again on the same port; {@link #failWith(int)} answers every request with a
 * status; {@link #delayAnswers(Duration)} holds each answer back; {@link #requireBasicAuth} and
 * {@link #requireBearerToken} answer 401 to requests without the right {@code Authorization}.
 * Counters tell how many requests came ({@link #requests()}, {@link #schemaLookups()}, {@link
 * #registrations()}) and {@link #authorizations()} which {@code Authorization} headers they had.
 *
 * <p>{@link #startTls} serves HTTPS instead, with a key store the test made, for clients with a
 * trust store of their own.
 *
 * <p>Thread-safe. Close it to stop it.
 *
 * <p>This class is the face tests use; the schemas are kept by {@link RegistrySchemaStore}, the API
 * is {@link RegistryApiHandler}, the failures on command and the counters are {@link
 * RegistryControls}, and the listening socket is {@link RestartableServer}.
 */
public final class TestSchemaRegistry implements AutoCloseable {

  /** The address it listens on. */
  public static final String HOST = "127.0.0.1";

  private final RegistrySchemaStore store = new RegistrySchemaStore();
  private final RegistryControls controls = new RegistryControls();
  private final RestartableServer server;

  private TestSchemaRegistry(SSLContext tls) throws IOException {
    this.server = new RestartableServer(new RegistryApiHandler(store, controls), tls);
  }

  /**
   * A registry listening on a free port of 127.0.0.1, with no schemas.
   *
   * @throws UncheckedIOException if it cannot listen
   */
  public static TestSchemaRegistry start() {
    try {
      return new TestSchemaRegistry(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test schema registry on " + HOST, e);
    }
  }

  /**
   * A registry that speaks HTTPS on a free port of 127.0.0.1, with the key and certificate of
   * {@code keyStore} (PKCS12 or JKS; its password is also the key's).
   *
   * @throws UncheckedIOException if it cannot listen or read the key store
   */
  public static TestSchemaRegistry startTls(Path keyStore, String password) {
    try {
      return new TestSchemaRegistry(RestartableServer.tls(keyStore, password));
    } catch (GeneralSecurityException e) {
      throw new UncheckedIOException(new IOException("cannot use the key store " + keyStore, e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test schema registry on " + HOST, e);
    }
  }

  /** Its base URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS). */
  public URI url() {
    return server.url();
  }

  /** Its port, the same after {@link #comeBack()}. */
  public int port() {
    return server.port();
  }

  /** Settings of a client of this registry, without authentication. */
  public RegistrySettings settings() {
    return RegistrySettings.of(url());
  }

  // ---- contents -------------------------------------------------------------------------------

  /**
   * Registers {@code schema} under {@code subject} as a {@code POST} would, without a request:
   * counted by no counter, and working while the registry is down or failing.
   *
   * @return its id
   */
  public int register(String subject, Schema schema) {
    return store.add(subject, schema.toString(), "AVRO");
  }

  /**
   * Registers text of any {@code schemaType} ({@code AVRO}, {@code PROTOBUF}, {@code JSON}) as
   * given, unparsed: for schemas an Avro reader cannot use.
   *
   * @return its id
   */
  public int registerRaw(String subject, String schemaType, String text) {
    return store.add(subject, text, schemaType);
  }

  /** The text of the schema of {@code id}, if there is one. */
  public Optional<String> schema(int id) {
    return store.entry(id).map(RegistrySchemaStore.Entry::text);
  }

  /** The ids of the versions of {@code subject}, oldest first; empty for an unknown subject. */
  public List<Integer> ids(String subject) {
    return store.ids(subject);
  }

  /** The subjects, in the order they were first registered. */
  public List<String> subjects() {
    return store.subjects();
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Stops listening: connections are refused until {@link #comeBack()}. Keeps the schemas. */
  public void goDown() {
    server.goDown();
  }

  /**
   * Listens again on the same port, with the same schemas.
   *
   * @throws UncheckedIOException if the port cannot be bound again within ten seconds
   */
  public void comeBack() {
    server.comeBack();
  }

  /** Whether it listens now. */
  public boolean isUp() {
    return server.isUp();
  }

  /**
   * Answers every request with {@code status} and a Confluent-style error body ({@code error_code}
   * is the status) until {@link #stopFailing()}; 0 stops failing too.
   */
  public void failWith(int status) {
    controls.failWith(status);
  }

  /** Answers requests again. */
  public void stopFailing() {
    controls.failWith(0);
  }

  /** Holds each answer back for {@code delay} (zero: answers at once). */
  public void delayAnswers(Duration delay) {
    controls.delayAnswers(delay);
  }

  /** Answers 401 to requests without {@code Authorization: Basic base64(user:password)}. */
  public void requireBasicAuth(String user, String password) {
    controls.requireBasicAuth(user, password);
  }

  /** Answers 401 to requests without {@code Authorization: Bearer <token>}. */
  public void requireBearerToken(String token) {
    controls.requireBearerToken(token);
  }

  /**
   * Back to a healthy registry that asks for no credentials, with the counters at zero; keeps the
   * schemas.
   */
  public void reset() {
    comeBack();
    controls.reset();
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Requests answered in any way, since the start or the last {@link #reset()}. */
  public int requests() {
    return controls.requests();
  }

  /** {@code GET /schemas/ids/{id}} requests. */
  public int schemaLookups() {
    return controls.lookups();
  }

  /** {@code POST /subjects/{subject}/versions} requests. */
  public int registrations() {
    return controls.registrations();
  }

  /** The {@code Authorization} header of each request, "" for none, in order. */
  public List<String> authorizations() {
    return controls.authorizations();
  }

  /** Stops listening and ends its threads. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "TestSchemaRegistry[" + url() + (isUp() ? "" : ", down") + "]";
  }
}
