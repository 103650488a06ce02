package io.statecast.cli;

import io.statecast.dashboard.DashboardConfig;
import io.statecast.dashboard.DashboardService;
import io.statecast.serve.AuthConfig;
import io.statecast.serve.BatchingConfig;
import io.statecast.serve.BearerToken;
import io.statecast.serve.LimitsConfig;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.serve.TlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code statecast serve}: the model server over a registry directory. */
@Command(
    name = "serve",
    description =
        "Serve the models of a registry over HTTP: the Open Inference Protocol (KServe v2),"
            + " stateful per-key forecasts, the registry API, health and Prometheus metrics;"
            + " with --dashboard, the live dashboard. See docs/server.md and docs/dashboard.md.",
    mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

  static final String TOKEN_ENV = "STATECAST_TOKEN";
  static final String TLS_PASSWORD_ENV = "STATECAST_TLS_PASSWORD";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--registry", required = true, description = "The registry directory.")
  Path registry;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind.")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free port).")
  int port;

  @Option(
      names = "--token-file",
      description = "File holding the admin bearer token (else $" + TOKEN_ENV + ").")
  Path tokenFile;

  @Option(names = "--read-token-file", description = "File holding a read-only bearer token.")
  Path readTokenFile;

  @Option(names = "--token-for-reads", description = "Reads and inference need a token too.")
  boolean tokenForReads;

  @Option(names = "--open-writes", description = "Allow writes without a token (local only!).")
  boolean openWrites;

  @Option(names = "--tls-keystore", description = "PKCS12 keystore: serve HTTPS.")
  Path tlsKeystore;

  @Option(
      names = "--tls-password-file",
      description = "File holding the keystore password (else $" + TLS_PASSWORD_ENV + ").")
  Path tlsPasswordFile;

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(names = "--max-batch", defaultValue = "256", description = "Keys per wave at most.")
  int maxBatch;

  @Option(names = "--max-wait-ms", defaultValue = "2", description = "Wait for a wave to fill.")
  long maxWaitMs;

  @Option(names = "--key-ttl-seconds", defaultValue = "3600", description = "Idle key TTL.")
  long keyTtlSeconds;

  @Option(names = "--max-keys", defaultValue = "1000000", description = "Keys held at most.")
  int maxKeys;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "JSON body limit.")
  long maxBodyBytes;

  @Option(names = "--max-upload-bytes", defaultValue = "268435456", description = "Upload limit.")
  long maxUploadBytes;

  @Option(names = "--rate-limit", defaultValue = "0", description = "Requests/s per client.")
  double rateLimit;

  @Option(names = "--rate-burst", defaultValue = "0", description = "Burst per client.")
  int rateBurst;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin UpdatesTopicOption updates = new UpdatesTopicOption();

  @Mixin DashboardOptions dashboard = new DashboardOptions();

  /** Environment variables (a field so tests can replace them). */
  Map<String, String> env = System.getenv();

  /**
   * Starts the server and serves until the JVM is asked to stop (Ctrl-C, SIGTERM) or the thread is
   * interrupted; then closes it, and the shutdown hook waits for that before the JVM exits.
   */
  @Override
  public Integer call() throws Exception {
    ServerConfig config = config();
    DashboardConfig dashboardConfig = dashboardConfig();
    DashboardService live =
        dashboardConfig == null ? null : DashboardService.start(dashboardConfig);
    StatecastServer server;
    try {
      server =
          StatecastServer.start(
              config,
              kafka.publisher(updates.topic()),
              live == null ? List.of() : List.of(live.routes()));
    } catch (IOException | RuntimeException e) {
      if (live != null) {
        live.close();
      }
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> awaitClose(stop, closed), "statecast-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try {
      var out = spec.commandLine().getOut();
      out.println("statecast model server listening on " + server.uri());
      if (live != null) {
        out.println("dashboard: " + DashboardService.url(server));
      }
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      server.close();
      if (live != null) {
        live.close();
      }
      closed.countDown();
      removeHook(hook);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void awaitClose(CountDownLatch stop, CountDownLatch closed) {
    stop.countDown();
    try {
      closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The validated configuration these options describe. */
  ServerConfig config() throws IOException {
    LimitsConfig limits =
        LimitsConfig.builder()
            .setMaxBodyBytes(maxBodyBytes)
            .setMaxUploadBytes(maxUploadBytes)
            .optRate(rateLimit, rateBurst)
            .build();
    BatchingConfig batching =
        BatchingConfig.builder()
            .setMaxBatch(maxBatch)
            .setMaxWait(Duration.ofMillis(maxWaitMs))
            .setKeyTtl(Duration.ofSeconds(keyTtlSeconds))
            .setMaxKeys(maxKeys)
            .build();
    return ServerConfig.builder(registry)
        .optHost(host)
        .optPort(port)
        .optAuth(auth())
        .optTls(tls())
        .optLimits(limits)
        .optBatching(batching)
        .optEngine(engine.engine())
        .build();
  }

  /** The dashboard's validated configuration, or null without {@code --dashboard}. */
  DashboardConfig dashboardConfig() throws IOException {
    return dashboard.config(kafka.bootstrapServers(), kafka.clientSettings(), registry);
  }

  private AuthConfig auth() throws IOException {
    BearerToken admin = null;
    if (tokenFile != null) {
      admin = BearerToken.fromFile(tokenFile);
    } else if (env.get(TOKEN_ENV) != null && !env.get(TOKEN_ENV).isBlank()) {
      admin = BearerToken.of(env.get(TOKEN_ENV).strip());
    }
    BearerToken reader = readTokenFile == null ? null : BearerToken.fromFile(readTokenFile);
    return new AuthConfig(admin, reader, tokenForReads, openWrites);
  }

  private TlsConfig tls() throws IOException {
    if (tlsKeystore == null) {
      if (tlsPasswordFile != null) {
        throw new IllegalArgumentException("--tls-password-file needs --tls-keystore");
      }
      return null;
    }
    if (tlsPasswordFile != null) {
      return TlsConfig.of(tlsKeystore, tlsPasswordFile);
    }
    String pw = env.get(TLS_PASSWORD_ENV);
    if (pw == null) {
      throw new IllegalArgumentException(
          "--tls-keystore needs --tls-password-file or $" + TLS_PASSWORD_ENV);
    }
    return new TlsConfig(tlsKeystore, pw);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running
    }
  }
}
