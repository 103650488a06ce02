package io.statecast.serve;

import static io.statecast.serve.TestServers.ADMIN;
import static io.statecast.serve.TestServers.READER;
import static io.statecast.serve.TestServers.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.registry.RecordingPublisher;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens for reads, writes without a token, open writes, the rate limit, and quiet logs. */
class ServerSecurityTest {

  @TempDir Path tmp;
  private Path registry;

  @BeforeEach
  void registry() throws Exception {
    registry = TestServers.registryWithDemo(tmp);
  }

  private StatecastServer start(ServerConfig config) throws Exception {
    return StatecastServer.start(config, new RecordingPublisher());
  }

  @Test
  void readsNeedATokenWhenConfigured() throws Exception {
    AuthConfig auth = new AuthConfig(BearerToken.of(ADMIN), BearerToken.of(READER), true, false);
    try (StatecastServer s = start(TestServers.config(registry).optAuth(auth).build())) {
      Http http = new Http(s.uri());
      Http.Response r = http.get("/v2/models/demo", null);
      assertClientError(r, 401, "needs a bearer token");
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"statecast\"");
      assertClientError(http.get("/v2/models/demo", "Bearer-but-wrong-123456"), 401, "not valid");
      assertClientError(http.get("/metrics", null), 401, "bearer token");
      assertThat(http.get("/v2/models/demo", READER).status()).isEqualTo(200);
      assertThat(http.get("/v2/models/demo", ADMIN).status()).isEqualTo(200);
      assertThat(http.get("/health", null).status()).isEqualTo(200);
      assertThat(http.get("/v2/health/ready", null).status()).isEqualTo(200);
      Http.Response basic =
          http.send(http.request("/v2/models/demo", null).header("Authorization", "Basic eDp5"));
      assertClientError(basic, 401, "needs a bearer token");
    }
  }

  @Test
  void withoutATokenWritesAreRefusedUnlessOpened() throws Exception {
    try (StatecastServer s = start(TestServers.config(registry).optAuth(AuthConfig.NONE).build())) {
      Http http = new Http(s.uri());
      assertThat(http.get("/v2/models/demo", null).status()).isEqualTo(200);
      assertClientError(
          http.post("/v1/registry/models/demo/versions/2/promote", "{}", null),
          403,
          "writes are disabled");
      assertClientError(http.delete("/v1/models/demo/keys/k", null), 403, "writes are disabled");
    }
    AuthConfig open = new AuthConfig(null, null, false, true);
    try (StatecastServer s = start(TestServers.config(registry).optAuth(open).build())) {
      Http http = new Http(s.uri());
      assertThat(http.post("/v1/registry/models/demo/versions/2/promote", "{}", null).status())
          .isEqualTo(200);
    }
  }

  @Test
  void aClientBeyondItsRateIsToldToRetry() throws Exception {
    LimitsConfig limits = LimitsConfig.builder().optRate(0.5, 3).build();
    try (StatecastServer s = start(TestServers.config(registry).optLimits(limits).build())) {
      Http http = new Http(s.uri());
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/v2/models/demo", null).status()).isEqualTo(200);
      }
      Http.Response limited = http.get("/v2/models/demo", null);
      assertClientError(limited, 429, "too many requests");
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
      assertThat(http.get("/health", null).status()).isEqualTo(200); // probes are not limited
      assertThat(http.get("/metrics", null).status()).isEqualTo(429);
    }
  }

  @Test
  void oversizedUploadsAndStreamedBodiesAre413() throws Exception {
    LimitsConfig limits =
        LimitsConfig.builder().setMaxBodyBytes(2_048).setMaxUploadBytes(4_096).build();
    Path src = tmp.resolve("big");
    io.statecast.testing.ServingModels.write(src, "demo", 5, 5);
    byte[] tar = io.statecast.registry.Archives.tar(src, "", false);
    assertThat(tar.length).isGreaterThan(4_096);
    try (StatecastServer s = start(TestServers.config(registry).optLimits(limits).build())) {
      Http http = new Http(s.uri());
      assertClientError(http.postBytes("/v1/registry/models", tar, ADMIN), 413, "limit of 4096");
      Http.Response chunked =
          http.send(
              http.request("/v1/registry/models", ADMIN)
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(tar))));
      assertClientError(chunked, 413, "limit of 4096");
      String json = TestServers.json(TestServers.series("k", 100, 1));
      Http.Response streamedJson =
          http.send(
              http.request("/v1/models/demo/keys/k/observations", null)
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(json.getBytes()))));
      assertClientError(streamedJson, 413, "limit of 2048");
      assertThat(http.get("/v1/registry/models/demo", null).body()).doesNotContain("\"version\":5");
    }
  }

  @Test
  void tokensNeverReachTheLog() throws Exception {
    StringWriter log = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = ctx.getConfiguration();
    WriterAppender appender =
        WriterAppender.newBuilder()
            .setName("capture")
            .setTarget(log)
            .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build())
            .build();
    appender.start();
    LoggerConfig statecast = cfg.getLoggerConfig("io.statecast");
    Level before = statecast.getLevel();
    statecast.addAppender(appender, Level.ALL, null);
    statecast.setLevel(Level.DEBUG);
    cfg.getRootLogger().addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
    try (StatecastServer s = start(TestServers.config(registry).build())) {
      Http http = new Http(s.uri());
      http.delete("/v1/models/demo/keys/k", "wrong-secret-token-0123456789");
      http.delete("/v1/models/demo/keys/k", READER);
      http.delete("/v1/models/demo/keys/k", ADMIN);
      http.post("/v1/registry/models/demo/versions/2/promote", "{}", ADMIN);
    } finally {
      statecast.removeAppender("capture");
      statecast.setLevel(before);
      cfg.getRootLogger().removeAppender("capture");
      ctx.updateLoggers();
      appender.stop();
    }
    assertThat(log.toString())
        .contains("DELETE /v1/models/{name}/keys/{key} 401")
        .contains("promoted demo v2")
        .doesNotContain(ADMIN, READER, "wrong-secret-token-0123456789");
  }
}
