package io.statecast.testing.registry;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP (or HTTPS) server under a {@link TestSchemaRegistry}: listens on a free port of
 * {@link TestSchemaRegistry#HOST}, stops listening on {@link #goDown()} and listens again on the
 * same port on {@link #comeBack()}, on daemon threads of its own.
 *
 * <p>Kept apart from the API and the controls so that the sockets' life (bind, rebind, stop) is in
 * one place. Thread-safe.
 */
final class RestartableServer {

  private static final Duration REBIND_WAIT = Duration.ofSeconds(10);

  private final Object lock = new Object();
  private final HttpHandler handler;
  private final ExecutorService executor;
  private final SSLContext tls;
  private final int port;
  private HttpServer server;

  /**
   * A server of {@code handler} on a free port, HTTPS with {@code tls} unless it is null.
   *
   * @throws IOException if it cannot listen
   */
  RestartableServer(HttpHandler handler, SSLContext tls) throws IOException {
    this.handler = handler;
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

  /** A server-side TLS context with the key and certificate of {@code keyStore}. */
  static SSLContext tls(Path keyStore, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Its base URL, {@code http://127.0.0.1:<port>} ({@code https} with TLS). */
  URI url() {
    return URI.create(
        (tls == null ? "http" : "https") + "://" + TestSchemaRegistry.HOST + ":" + port);
  }

  /** Its port, the same after {@link #comeBack()}. */
  int port() {
    return port;
  }

  /** Stops listening: connections are refused until {@link #comeBack()}. */
  void goDown() {
    synchronized (lock) {
      if (server != null) {
        server.stop(0);
        server = null;
      }
    }
  }

  /**
   * Listens again on the same port.
   *
   * @throws UncheckedIOException if the port cannot be bound again within ten seconds
   */
  void comeBack() {
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
            throw new UncheckedIOException(
                "cannot listen on " + TestSchemaRegistry.HOST + ":" + port + " again", e);
          }
          RegistryControls.sleep(Duration.ofMillis(50));
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot listen on " + TestSchemaRegistry.HOST + ":" + port + " again", e);
        }
      }
    }
  }

  /** Whether it listens now. */
  boolean isUp() {
    synchronized (lock) {
      return server != null;
    }
  }

  /** Stops listening and ends its threads. */
  void close() {
    goDown();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpServer listen(int port) throws IOException {
    HttpServer s;
    InetSocketAddress address = new InetSocketAddress(TestSchemaRegistry.HOST, port);
    if (tls == null) {
      s = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      s = https;
    }
    s.createContext("/", handler);
    s.setExecutor(executor);
    s.start();
    return s;
  }
}
