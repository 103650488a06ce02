package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The model server's image carries the system libraries its native code links beyond what the JRE
 * image has: xgboost4j's Linux library (the boosted baseline of {@code statecast evaluate}) links
 * OpenMP's runtime {@code libgomp.so.1}, which {@code eclipse-temurin}'s JRE image does not
 * include, so the {@code model-server} stage installs Debian/Ubuntu's {@code libgomp1}. Reads the
 * native library's dynamic section names from the jar on the class path, so the test notices when a
 * new xgboost4j stops (or starts) needing it. Runs without Docker.
 */
class DockerfileNativesTest {

  private static final String XGBOOST_LINUX = "lib/linux/x86_64/libxgboost4j.so";

  @Test
  void theModelServerImageInstallsTheOpenMpRuntimeThatXgboostLinks() throws IOException {
    assertThat(needs(XGBOOST_LINUX, "libgomp.so.1"))
        .as("%s in xgboost4j's jar names libgomp.so.1", XGBOOST_LINUX)
        .isTrue();
    String stage = DockerfileStages.read(RepositoryFiles.root()).stage("model-server");
    assertThat(stage)
        .as("the model-server stage installs libgomp1")
        .containsPattern("(?s)apt-get install [^\\n]*(?:\\\\\\n[^\\n]*)*libgomp1");
  }

  /** Whether the native library {@code entry} of xgboost4j's jar contains the name {@code lib}. */
  private static boolean needs(String entry, String lib) throws IOException {
    String version = RepositoryFiles.pomProperty("xgboost.version");
    String home = System.getProperty("user.home");
    Path repo = Path.of(System.getProperty("maven.repo.local", home + "/.m2/repository"));
    Path jar =
        repo.resolve("ml/dmlc/xgboost4j_2.12")
            .resolve(version)
            .resolve("xgboost4j_2.12-" + version + ".jar");
    assertThat(jar).as("xgboost4j %s in the local Maven repository", version).exists();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      assertThat(e).as("%s in %s", entry, jar).isNotNull();
      try (InputStream in = zip.getInputStream(e)) {
        String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        return bytes.contains(lib + '\0');
      }
    }
  }
}
