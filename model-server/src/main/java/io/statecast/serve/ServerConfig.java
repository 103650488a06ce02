package io.statecast.serve;

import io.statecast.cell.Engine;
import java.nio.file.Path;

/**
 * Everything the model server is configured with, validated once here (the CLI and tests build it
 * with {@link #builder}); nothing deeper in the server parses options.
 *
 * @param registry the registry's root directory
 * @param host the address to bind (127.0.0.1 by default: reachable only from this machine)
 * @param port the port (0: any free port)
 * @param tls TLS settings, or null for plain HTTP
 * @param auth tokens and which endpoints need them
 * @param limits request size, count and rate limits
 * @param batching the stateful API's batcher
 * @param engine which kernel steps the models
 * @param statelessKernels kernels per model version for stateless inference (concurrency)
 * @param httpThreads the HTTP server's worker threads at most
 */
public record ServerConfig(
    Path registry,
    String host,
    int port,
    TlsConfig tls,
    AuthConfig auth,
    LimitsConfig limits,
    BatchingConfig batching,
    Engine engine,
    int statelessKernels,
    int httpThreads) {

  public ServerConfig {
    if (registry == null) {
      throw new IllegalArgumentException("the server needs a registry directory (--registry)");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host to bind must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("the port must be between 0 and 65535, got " + port);
    }
    if (auth == null || limits == null || batching == null || engine == null) {
      throw new IllegalArgumentException("auth, limits, batching and engine must be given");
    }
    if (statelessKernels < 1 || statelessKernels > 256) {
      throw new IllegalArgumentException("stateless kernels must be between 1 and 256");
    }
    if (httpThreads < 8 || httpThreads > 10_000) {
      throw new IllegalArgumentException("HTTP threads must be between 8 and 10000");
    }
  }

  /** A builder with the defaults: 127.0.0.1:8080, plain HTTP, no tokens, the fast kernel. */
  public static Builder builder(Path registry) {
    return new Builder(registry);
  }

  /** Whether the server speaks HTTPS. */
  public boolean secure() {
    return tls != null;
  }

  /** Builds a {@link ServerConfig}: {@code set*} for required values, {@code opt*} for others. */
  public static final class Builder {
    private final Path registry;
    private String host = "127.0.0.1";
    private int port = 8080;
    private TlsConfig tls;
    private AuthConfig auth = AuthConfig.NONE;
    private LimitsConfig limits = LimitsConfig.DEFAULT;
    private BatchingConfig batching = BatchingConfig.DEFAULT;
    private Engine engine = Engine.DEFAULT;
    private int statelessKernels = 2;
    private int httpThreads = 200;

    private Builder(Path registry) {
      this.registry = registry;
    }

    public Builder optHost(String value) {
      this.host = value;
      return this;
    }

    public Builder optPort(int value) {
      this.port = value;
      return this;
    }

    public Builder optTls(TlsConfig value) {
      this.tls = value;
      return this;
    }

    public Builder optAuth(AuthConfig value) {
      this.auth = value;
      return this;
    }

    public Builder optLimits(LimitsConfig value) {
      this.limits = value;
      return this;
    }

    public Builder optBatching(BatchingConfig value) {
      this.batching = value;
      return this;
    }

    public Builder optEngine(Engine value) {
      this.engine = value;
      return this;
    }

    public Builder optStatelessKernels(int value) {
      this.statelessKernels = value;
      return this;
    }

    public Builder optHttpThreads(int value) {
      this.httpThreads = value;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          registry, host, port, tls, auth, limits, batching, engine, statelessKernels, httpThreads);
    }
  }
}
