package io.statecast.serve;

import io.statecast.artifact.ModelArtifact;
import io.statecast.registry.RecordingPublisher;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class with a server of its own on 127.0.0.1 ({@link TestServers#startWithDemo}: model
 * {@code demo} v1 serving, v2 registered), started once for the class and closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoServerTest {

  @TempDir static Path tmp;

  final RecordingPublisher publisher = new RecordingPublisher();
  StatecastServer server;
  Http http;

  /** {@code demo} v1, the serving version. */
  ModelArtifact v1;

  @BeforeAll
  void start() throws Exception {
    server = TestServers.startWithDemo(tmp, publisher);
    http = new Http(server.uri());
    v1 = server.registry().load("demo", 1);
  }

  @AfterAll
  void stop() {
    server.close();
  }
}
