package io.statecast.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.registry.RegistryException.Reason;
import io.statecast.testing.ServingModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  @TempDir Path tmp;

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private Path root;
  private ModelRegistry registry;

  @BeforeEach
  void open() throws IOException {
    root = tmp.resolve("registry");
    registry = ModelRegistry.open(root, publisher, clock);
  }

  private Path artifact(String id, int version) throws IOException {
    Path dir = tmp.resolve("src-" + id + "-" + version);
    ServingModels.write(dir, id, version, 7L * version);
    return dir;
  }

  @Test
  void addsAVerifiedCopyOfAnArtifact() throws Exception {
    Path src = artifact("demo", 1);
    Files.writeString(src.resolve("notes.txt"), "not in the manifest");
    AddedVersion added = registry.add(src);

    assertThat(added.id()).isEqualTo("demo");
    assertThat(added.version().version()).isEqualTo(1);
    assertThat(added.version().manifestSha256())
        .isEqualTo(ModelArtifact.load(src).manifestSha256());
    Path copy = registry.artifactDirectory("demo", 1);
    assertThat(added.artifactUri()).isEqualTo(copy.toUri().toString()).startsWith("file:/");
    assertThat(copy.resolve("notes.txt")).doesNotExist();
    assertThat(ModelArtifact.load(copy).spec()).isEqualTo(ModelArtifact.load(src).spec());
    assertThat(registry.list()).extracting(ModelRecord::id).containsExactly("demo");
  }

  @Test
  void refusesAVersionThatExists() throws Exception {
    registry.add(artifact("demo", 1));
    Path again = tmp.resolve("again");
    ServingModels.write(again, "demo", 1, 99);
    assertThatThrownBy(() -> registry.add(again))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("already has version 1")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.CONFLICT);
    assertThat(registry.model("demo").versions()).hasSize(1);
  }

  @Test
  void refusesATamperedArtifact() throws Exception {
    Path src = artifact("demo", 1);
    byte[] w = Files.readAllBytes(src.resolve(ModelArtifact.WEIGHTS_FILE));
    w[w.length - 1] ^= 1;
    Files.write(src.resolve(ModelArtifact.WEIGHTS_FILE), w);
    assertThatThrownBy(() -> registry.add(src))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("SHA-256")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.INVALID);
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void detectsAVersionAlteredOnDiskAfterItWasAdded() throws Exception {
    registry.add(artifact("demo", 1));
    Files.writeString(registry.artifactDirectory("demo", 1).resolve(ModelArtifact.SPEC_FILE), "{}");
    assertThatThrownBy(() -> registry.load("demo", 1))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("fails verification")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.CORRUPT);
    assertThatThrownBy(() -> registry.promote("demo", 1, StatePolicy.KEEP, null))
        .hasMessageContaining("fails verification");
    assertThat(publisher.updates).isEmpty();
  }

  @Test
  void describesSpecChecksumsAndReports() throws Exception {
    Path src = tmp.resolve("with-reports");
    ServingModels.write(
        src,
        ServingModels.spec("demo", 2),
        3,
        Map.of(
            "training.json", "{\"epochs\": 12, \"loss\": 0.25}".getBytes(StandardCharsets.UTF_8),
            "evaluation.json",
                "{\"rows\": [{\"model\": \"lstm\", \"mae\": 1.5}]}"
                    .getBytes(StandardCharsets.UTF_8)));
    registry.add(src);

    ModelDescription d = registry.describe("demo", 2);

    assertThat(d.status()).isEqualTo("active");
    assertThat(d.serving()).isFalse();
    assertThat(d.files()).containsKeys("model.json", "weights.safetensors", "training.json");
    assertThat(d.manifestSha256()).hasSize(64);
    assertThat(d.parameters()).isPositive();
    assertThat(d.spec().get("cell").get("hidden").asInt()).isEqualTo(16);
    assertThat(d.training().get("epochs").asInt()).isEqualTo(12);
    assertThat(d.evaluation().get("rows").get(0).get("mae").asDouble()).isEqualTo(1.5);
    assertThat(d.addedAt()).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void promotePublishesAModelUpdateAndMarksTheServingVersion() throws Exception {
    registry.add(artifact("demo", 1));
    registry.add(artifact("demo", 2));

    ModelUpdate u = registry.promote("demo", 2, StatePolicy.RESET, "better MAE");

    assertThat(publisher.updates).containsExactly(u);
    assertThat(u.getModelId()).isEqualTo("demo");
    assertThat(u.getVersion()).isEqualTo(2);
    assertThat(u.getPolicy()).isEqualTo(StatePolicy.RESET);
    assertThat(u.getNote()).isEqualTo("better MAE");
    assertThat(u.getPublishedAt()).isEqualTo(clock.millis());
    assertThat(u.getArtifactUri())
        .isEqualTo(registry.artifactDirectory("demo", 2).toUri().toString())
        .startsWith("file:/");
    assertThat(Path.of(java.net.URI.create(u.getArtifactUri()))).isAbsolute().isDirectory();
    assertThat(u.getManifestSha256())
        .isEqualTo(ModelArtifact.load(registry.artifactDirectory("demo", 2)).manifestSha256());
    assertThat(registry.servingVersion("demo")).hasValue(2);
    assertThat(registry.model("demo").promotions())
        .singleElement()
        .satisfies(p -> assertThat(p.policy()).isEqualTo(StatePolicy.RESET));
  }

  @Test
  void aFailedPublishChangesNothing() throws Exception {
    registry.add(artifact("demo", 1));
    publisher.failing = true;
    assertThatThrownBy(() -> registry.promote("demo", 1, StatePolicy.KEEP, null))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("not recorded")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.PUBLISH_FAILED);
    assertThat(registry.servingVersion("demo")).isEmpty();
  }

  @Test
  void retiresVersionsButNotTheServingOne() throws Exception {
    registry.add(artifact("demo", 1));
    registry.add(artifact("demo", 2));
    registry.promote("demo", 2, StatePolicy.KEEP, null);

    assertThatThrownBy(() -> registry.retire("demo", 2))
        .hasMessageContaining("is the serving version");
    VersionRecord r = registry.retire("demo", 1);

    assertThat(r.retired()).isTrue();
    assertThat(registry.version("demo", 1).status()).isEqualTo("retired");
    assertThat(registry.artifactDirectory("demo", 1)).isDirectory();
    assertThatThrownBy(() -> registry.promote("demo", 1, StatePolicy.KEEP, null))
        .hasMessageContaining("retired");
    assertThat(registry.retire("demo", 1)).isEqualTo(r);
  }

  @Test
  void unknownModelsAndVersionsAreNotFound() throws Exception {
    registry.add(artifact("demo", 1));
    for (ThrowingCall c :
        List.<ThrowingCall>of(
            () -> registry.model("nope"),
            () -> registry.model("../etc"),
            () -> registry.version("demo", 9),
            () -> registry.promote("demo", 9, StatePolicy.KEEP, null),
            () -> registry.retire("nope", 1))) {
      assertThatThrownBy(c::call)
          .isInstanceOf(RegistryException.class)
          .extracting(e -> ((RegistryException) e).reason())
          .isEqualTo(Reason.NOT_FOUND);
    }
  }

  @Test
  void stateSurvivesAReopen() throws Exception {
    registry.add(artifact("demo", 1));
    registry.add(artifact("demo", 2));
    registry.promote("demo", 1, StatePolicy.KEEP, "first");
    registry.retire("demo", 2);

    ModelRegistry reopened = ModelRegistry.open(root, publisher, clock);

    ModelRecord m = reopened.model("demo");
    assertThat(m.serving()).isEqualTo(1);
    assertThat(m.version(2).orElseThrow().retired()).isTrue();
    assertThat(m.promotions()).extracting(Promotion::note).containsExactly("first");
    assertThat(Files.readString(root.resolve("demo/registry.json"))).contains("\"serving\" : 1");
  }

  @Test
  void seesChangesMadeByAnotherInstance() throws Exception {
    registry.add(artifact("demo", 1));
    ModelRegistry other = ModelRegistry.open(root, publisher, clock);
    other.promote("demo", 1, StatePolicy.KEEP, null);
    assertThat(registry.servingVersion("demo")).hasValue(1);
  }

  @Test
  void concurrentUploadsOfManyVersionsAllLand() throws Exception {
    List<Path> sources = new ArrayList<>();
    for (int v = 1; v <= 8; v++) {
      sources.add(artifact("demo", v));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<AddedVersion>> fs = new ArrayList<>();
      for (Path s : sources) {
        fs.add(pool.submit(() -> registry.add(s)));
        fs.add(pool.submit(() -> registry.add(s))); // the same version twice: one must lose
      }
      int ok = 0;
      int conflicts = 0;
      for (Future<AddedVersion> f : fs) {
        try {
          f.get();
          ok++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(((RegistryException) e.getCause()).reason()).isEqualTo(Reason.CONFLICT);
          conflicts++;
        }
      }
      assertThat(ok).isEqualTo(8);
      assertThat(conflicts).isEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.model("demo").versions())
        .extracting(VersionRecord::version)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    try (var s = Files.list(root.resolve(".incoming"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void uploadsZipTarAndTarGzArchives() throws Exception {
    Path v1 = artifact("demo", 1);
    Path v2 = artifact("demo", 2);
    Path v3 = artifact("demo", 3);
    registry.addArchive(new ByteArrayInputStream(Archives.zip(v1, "")), UploadLimits.DEFAULT);
    registry.addArchive(
        new ByteArrayInputStream(Archives.tar(v2, "demo-v2/", false)), UploadLimits.DEFAULT);
    AddedVersion a =
        registry.addArchive(
            new ByteArrayInputStream(Archives.tar(v3, "./model/", true)), UploadLimits.DEFAULT);
    assertThat(a.version().manifestSha256()).isEqualTo(ModelArtifact.load(v3).manifestSha256());
    assertThat(registry.model("demo").versions()).hasSize(3);
  }

  @Test
  void refusesUnsafeOrBrokenArchives() throws Exception {
    byte[] content = "x".getBytes(StandardCharsets.UTF_8);
    assertInvalid(Archives.zipEntry("../evil.json", content), "'..'");
    assertInvalid(Archives.zipEntry("/etc/passwd", content), "absolute");
    assertInvalid(Archives.zipEntry("a/b/c/model.json", content), "not a plain file name");
    assertInvalid(Archives.tarWithSymlink("model.json", "/etc/passwd"), "link");
    assertInvalid("definitely not an archive".getBytes(StandardCharsets.UTF_8), "");
    assertInvalid(Archives.zipEntry("readme.txt", content), "no model artifact");
    assertThat(tmp.getParent().resolve("evil.json")).doesNotExist();
  }

  @Test
  void refusesArchivesBeyondTheLimits() throws Exception {
    byte[] zip = Archives.zip(artifact("demo", 1), "");
    assertThatThrownBy(
            () -> registry.addArchive(new ByteArrayInputStream(zip), new UploadLimits(64, 100)))
        .isInstanceOf(RegistryException.class)
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.TOO_LARGE);
    assertThatThrownBy(
            () ->
                registry.addArchive(
                    new LimitedInputStream(new ByteArrayInputStream(zip), 200),
                    UploadLimits.DEFAULT))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("larger than the limit of 200 bytes")
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.TOO_LARGE);
    assertThat(registry.list()).isEmpty();
  }

  private void assertInvalid(byte[] archive, String message) {
    assertThatThrownBy(
            () -> registry.addArchive(new ByteArrayInputStream(archive), UploadLimits.DEFAULT))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((RegistryException) e).reason())
        .isEqualTo(Reason.INVALID);
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void call() throws Exception;
  }
}
