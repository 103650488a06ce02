package io.statecast.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that does not answer is waited for, with capped back-off, for a bounded time. */
class ModelStoreTest {

  @TempDir Path tmp;

  private final List<Long> sleeps = new ArrayList<>();
  private final ModelStore store =
      new ModelStore(
          new ModelStore.Patience(
              Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(10)),
          FileSystemArtifactSource::of,
          sleeps::add);

  private ModelArtifact reference;
  private String uri;

  @BeforeAll
  static void fileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @BeforeEach
  void upload() throws IOException {
    TestFileSystem.root(tmp.resolve("store"));
    reference = TestModels.write(tmp.resolve("m"));
    uri = TestFileSystem.upload(tmp.resolve("m"), "bucket", "m");
  }

  @Test
  void retriesAnUnreachableStoreWithDoublingBackOffUntilItAnswers() throws IOException {
    TestFileSystem.failNextReads(3);

    ModelArtifact a = store.load(uri);

    assertThat(a.manifestSha256()).isEqualTo(reference.manifestSha256());
    assertThat(sleeps).containsExactly(500L, 1000L, 2000L);
  }

  @Test
  void givesUpOnAStoreThatStaysDownAfterTheBoundedWait() {
    TestFileSystem.failNextReads(1000);

    assertThatThrownBy(() -> store.load(uri))
        .isInstanceOf(ArtifactUnavailableException.class)
        .hasMessageContaining("the model store did not answer in 6 tries over PT11.5S")
        .hasMessageContaining("testfs://bucket/m/manifest.sha256: cannot read")
        .hasMessageContaining("injected outage");
    // 500 + 1000 + 2000 + 4000 + 4000 = 11.5 s >= 10 s: capped at 4 s, bounded in total.
    assertThat(sleeps).containsExactly(500L, 1000L, 2000L, 4000L, 4000L);
  }

  @Test
  void anOutageInTheMiddleOfAnArtifactIsRetriedFromItsManifest() throws IOException {
    // The manifest reads, then the store goes down for the next file.
    TestFileSystem.failNextReads(0);
    ModelStore flaky =
        new ModelStore(
            ModelStore.DEFAULT_PATIENCE,
            location -> {
              var source = FileSystemArtifactSource.of(location);
              return new io.statecast.artifact.ArtifactSource() {
                private int reads;

                @Override
                public String location() {
                  return source.location();
                }

                @Override
                public byte[] read(String file) throws IOException {
                  if (++reads == 2) {
                    throw new java.net.SocketTimeoutException("read timed out");
                  }
                  return source.read(file);
                }
              };
            },
            sleeps::add);

    assertThat(flaky.load(uri).manifestSha256()).isEqualTo(reference.manifestSha256());
    assertThat(sleeps).containsExactly(500L);
  }

  @Test
  void anInterruptEndsTheWaitAndKeepsTheFlag() {
    TestFileSystem.failNextReads(1000);
    ModelStore interrupted =
        new ModelStore(
            ModelStore.DEFAULT_PATIENCE,
            FileSystemArtifactSource::of,
            ms -> {
              throw new InterruptedException();
            });
    try {
      assertThatThrownBy(() -> interrupted.load(uri))
          .isInstanceOf(ArtifactUnavailableException.class)
          .hasMessageContaining("interrupted while waiting for the model store");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesAPatienceThatCannotWork() {
    assertThatThrownBy(
            () -> new ModelStore.Patience(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ModelStore.Patience(
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
