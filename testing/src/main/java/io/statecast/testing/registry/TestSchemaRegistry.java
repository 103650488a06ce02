package io.statecast.testing.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.statecast.wire.registry.RegistrySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

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
 */
public final class TestSchemaRegistry implements AutoCloseable {

  /** The address it listens on. */
  public static final String HOST = "127.0.0.1";

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REBIND_WAIT = Duration.ofSeconds(10);

  private record Entry(String text, String type) {}

  private final Object lock = new Object();
  private final Map<Integer, Entry> byId = new LinkedHashMap<>();
  private final Map<String, Integer> idByKey = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger registrations = new AtomicInteger();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  private volatile int failure;
  private volatile Duration delay = Duration.ZERO;
  private volatile String requiredAuthorization;

  private final ExecutorService executor;
  private final SSLContext tls;
  private final int port;
  private HttpServer server;

  private TestSchemaRegistry(SSLContext tls) throws IOException {
    this.tls = tls;
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "test-schema-registry");
              t.setDaemon(true);
              return t;
            });
    this.server = listen(0);
    this.port = server.getAddress().getPort();
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
      KeyStore store = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new TestSchemaRegistry(context);
    } catch (GeneralSecurityException e) {
      throw new UncheckedIOException(new IOException("cannot use the key store " + keyStore, e));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test schema registry on " + HOST, e);
    }
  }

  /** Its base URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS). */
  public URI url() {
    return URI.create((tls == null ? "http" : "https") + "://" + HOST + ":" + port);
  }

  /** Its port, the same after {@link #comeBack()}. */
  public int port() {
    return port;
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
    return add(subject, schema.toString(), "AVRO");
  }

  /**
   * Registers text of any {@code schemaType} ({@code AVRO}, {@code PROTOBUF}, {@code JSON}) as
   * given, unparsed: for schemas an Avro reader cannot use.
   *
   * @return its id
   */
  public int registerRaw(String subject, String schemaType, String text) {
    return add(subject, text, schemaType);
  }

  /** The text of the schema of {@code id}, if there is one. */
  public Optional<String> schema(int id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id)).map(Entry::text);
    }
  }

  /** The ids of the versions of {@code subject}, oldest first; empty for an unknown subject. */
  public List<Integer> ids(String subject) {
    synchronized (lock) {
      return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }
  }

  /** The subjects, in the order they were first registered. */
  public List<String> subjects() {
    synchronized (lock) {
      return List.copyOf(subjects.keySet());
    }
  }

  private int add(String subject, String text, String type) {
    String key = type + '\n' + text;
    synchronized (lock) {
      Integer id = idByKey.get(key);
      if (id == null) {
        id = byId.size() + 1;
        idByKey.put(key, id);
        byId.put(id, new Entry(text, type));
      }
      List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
      if (!versions.contains(id)) {
        versions.add(id);
      }
      return id;
    }
  }

  // ---- controls -------------------------------------------------------------------------------

  /** Stops listening: connections are refused until {@link #comeBack()}. Keeps the schemas. */
  public void goDown() {
    synchronized (lock) {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
  }

  /**
   * Listens again on the same port, with the same schemas.
   *
   * @throws UncheckedIOException if the port cannot be bound again within ten seconds
   */
  public void comeBack() {
    synchronized (lock) {
      if (server != null) {
        return;
      }
      long deadline = System.nanoTime() + REBIND_WAIT.toNanos();
      while (true) {
        try {
          server = listen(port);
          return;
        } catch (BindException e) {
          if (System.nanoTime() > deadline) {
            throw new UncheckedIOException("cannot listen on " + HOST + ":" + port + " again", e);
          }
          sleep(Duration.ofMillis(50));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot listen on " + HOST + ":" + port + " again", e);
        }
      }
    }
  }

  /** Whether it listens now. */
  public boolean isUp() {
    synchronized (lock) {
      return server != null;
    }
  }

  /**
   * Answers every request with {@code status} and a Confluent-style error body ({@code error_code}
   * is the status) until {@link #stopFailing()}; 0 stops failing too.
   */
  public void failWith(int status) {
    if (status != 0 && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    failure = status;
  }

  /** Answers requests again. */
  public void stopFailing() {
    failure = 0;
  }

  /** Holds each answer back for {@code delay} (zero: answers at once). */
  public void delayAnswers(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    this.delay = delay;
  }

  /** Answers 401 to requests without {@code Authorization: Basic base64(user:password)}. */
  public void requireBasicAuth(String user, String password) {
    requiredAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Answers 401 to requests without {@code Authorization: Bearer <token>}. */
  public void requireBearerToken(String token) {
    requiredAuthorization = "Bearer " + token;
  }

  /**
   * Back to a healthy registry that asks for no credentials, with the counters at zero; keeps the
   * schemas.
   */
  public void reset() {
    comeBack();
    failure = 0;
    delay = Duration.ZERO;
    requiredAuthorization = null;
    requests.set(0);
    lookups.set(0);
    registrations.set(0);
    authorizations.clear();
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Requests answered in any way, since the start or the last {@link #reset()}. */
  public int requests() {
    return requests.get();
  }

  /** {@code GET /schemas/ids/{id}} requests. */
  public int schemaLookups() {
    return lookups.get();
  }

  /** {@code POST /subjects/{subject}/versions} requests. */
  public int registrations() {
    return registrations.get();
  }

  /** The {@code Authorization} header of each request, "" for none, in order. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Stops listening and ends its threads. */
  @Override
  public void close() {
    goDown();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TestSchemaRegistry[" + url() + (isUp() ? "" : ", down") + "]";
  }

  // ---- the server -----------------------------------------------------------------------------

  private HttpServer listen(int port) throws IOException {
    HttpServer s;
    if (tls == null) {
      s = HttpServer.create(new InetSocketAddress(HOST, port), 0);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(HOST, port), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      s = https;
    }
    s.createContext("/", this::handle);
    s.setExecutor(executor);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      requests.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      sleep(delay);
      int failing = failure;
      if (failing != 0) {
        error(exchange, failing, failing, "failing on purpose (TestSchemaRegistry.failWith)");
        return;
      }
      String required = requiredAuthorization;
      if (required != null && !required.equals(auth)) {
        error(exchange, 401, 401, "Unauthorized");
        return;
      }
      route(exchange);
    } catch (RuntimeException e) {
      error(exchange, 500, 50001, "test registry error: " + e);
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = exchange.getRequestURI().getRawPath().split("/");
    // "/schemas/ids/7" splits into "", "schemas", "ids", "7"
    if (parts.length == 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
      if (!method.equals("GET")) {
        error(exchange, 405, 405, "HTTP 405 Method Not Allowed");
        return;
      }
      lookups.incrementAndGet();
      schemaById(exchange, parts[3]);
    } else if (parts.length == 2 && parts[1].equals("subjects") && method.equals("GET")) {
      answer(exchange, 200, subjects());
    } else if (parts.length == 4 && parts[1].equals("subjects") && parts[3].equals("versions")) {
      String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
      if (method.equals("POST")) {
        registrations.incrementAndGet();
        registerRequest(exchange, subject);
      } else if (method.equals("GET")) {
        versions(exchange, subject);
      } else {
        error(exchange, 405, 405, "HTTP 405 Method Not Allowed");
      }
    } else {
      error(exchange, 404, 404, "HTTP 404 Not Found");
    }
  }

  private void schemaById(HttpExchange exchange, String idText) throws IOException {
    Entry entry;
    try {
      synchronized (lock) {
        entry = byId.get(Integer.parseInt(idText));
      }
    } catch (NumberFormatException e) {
      entry = null;
    }
    if (entry == null) {
      error(exchange, 404, 40403, "Schema " + idText + " not found");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", entry.text());
    if (!entry.type().equals("AVRO")) {
      body.put("schemaType", entry.type());
    }
    answer(exchange, 200, body);
  }

  private void registerRequest(HttpExchange exchange, String subject) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in);
    } catch (IOException e) {
      error(exchange, 422, 42201, "Invalid request body: " + e.getMessage());
      return;
    }
    JsonNode text = request == null ? null : request.get("schema");
    JsonNode type = request == null ? null : request.get("schemaType");
    if (text == null || !text.isTextual()) {
      error(exchange, 422, 42201, "Invalid schema: no \"schema\" text");
      return;
    }
    if (type != null && !"AVRO".equals(type.asText())) {
      error(exchange, 422, 42201, "This test registry takes Avro schemas only");
      return;
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      error(exchange, 422, 42201, "Invalid schema: " + e.getMessage());
      return;
    }
    answer(exchange, 200, Map.of("id", register(subject, schema)));
  }

  private void versions(HttpExchange exchange, String subject) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    synchronized (lock) {
      List<Integer> ids = subjects.get(subject);
      if (ids != null) {
        for (int v = 1; v <= ids.size(); v++) {
          numbers.add(v);
        }
      }
    }
    if (numbers.isEmpty()) {
      error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
      return;
    }
    answer(exchange, 200, numbers);
  }

  private static void error(HttpExchange exchange, int status, int code, String message)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    answer(exchange, status, body);
  }

  private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration duration) {
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
