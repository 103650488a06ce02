package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/Dockerfile} builds the images from the sources alone: one Maven build stage that
 * copies every module's POM for its dependency layer, nothing from {@code target/} and only what
 * {@code .dockerignore} lets through; each target ({@code flink}, {@code model-server}) copies only
 * outputs that the build stage's modules write. Runs without Docker.
 */
class DockerfileTest {

  private static final Path ROOT = RepositoryFiles.root();

  /** The Maven modules the build stage packages. */
  private static final String BUILT_MODULES = "flink-job,model-server";

  @Test
  void theImagesBuildFromTheSourcesAloneInOneBuildStage() throws IOException {
    DockerfileStages dockerfile = DockerfileStages.read(ROOT);
    assertThat(dockerfile.stages().keySet()).containsExactly("build", "flink", "model-server");
    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile.text()).results().count())
        .as("every stage is named")
        .isEqualTo(3);
    String stage = dockerfile.stage("build");
    assertThat(dockerfile.preamble()).contains("ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17");
    assertThat(stage)
        .startsWith("FROM ${MAVEN_IMAGE} AS build")
        .contains("-Pjob-jar")
        .contains("-pl " + BUILT_MODULES + " -am -DskipTests package");
    // The dependency layer needs the POM of every module the root POM lists.
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(RepositoryFiles.pom());
    while (module.find()) {
      assertThat(stage).contains("COPY " + module.group(1) + "/pom.xml " + module.group(1) + "/");
    }
    // Everything the Dockerfile copies from the context passes .dockerignore; no target/ does.
    List<String> allowed = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      if (line.startsWith("!")) {
        allowed.add(line.substring(1).replaceAll("/$", ""));
      }
    }
    assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("*", "**/target");
    Pattern copy = Pattern.compile("(?m)^COPY (?!--from)(?:--chown=\\S+ )?(.+) (\\S+)$");
    Matcher m = copy.matcher(dockerfile.text());
    int copies = 0;
    while (m.find()) {
      for (String source : m.group(1).split(" ")) {
        copies++;
        assertThat(source).doesNotContain("target/");
        assertThat(allowed)
            .as("%s passes .dockerignore", source)
            .anyMatch(a -> source.equals(a) || source.startsWith(a + "/"));
        assertThat(ROOT.resolve(source)).as(source).exists();
      }
    }
    assertThat(copies).as("COPY lines found").isGreaterThan(10);
  }

  @Test
  void eachTargetCopiesOnlyWhatTheBuildStageBuilds() throws IOException {
    DockerfileStages dockerfile = DockerfileStages.read(ROOT);
    List<String> built = List.of(BUILT_MODULES.split(","));
    Pattern fromBuild =
        Pattern.compile(
            "(?m)^COPY --from=(\\S+) (?:--chown=\\S+ )?/src/([a-z-]+)/target/([^/ ]+)/? (\\S+)$");
    for (String target : List.of("flink", "model-server")) {
      String stage = dockerfile.stage(target);
      assertThat(stage).as(target).doesNotContain("--from=" + target);
      Matcher m = fromBuild.matcher(stage);
      int copies = 0;
      while (m.find()) {
        copies++;
        assertThat(m.group(1)).as(m.group()).isEqualTo("build");
        assertThat(built)
            .as("%s: a module the build stage packages", m.group())
            .contains(m.group(2));
        // target/<name>: a file or directory the module's build writes (a plugin's outputFile or
        // outputDirectory), or its jar (<finalName>.jar).
        String modulePom = Files.readString(ROOT.resolve(m.group(2)).resolve("pom.xml"));
        String name = m.group(3);
        assertThat(
                modulePom.contains("${project.build.directory}/" + name + "<")
                    || (name.endsWith(".jar")
                        && modulePom.contains(
                            "<finalName>" + name.substring(0, name.length() - 4) + "</finalName>")))
            .as("%s: %s/pom.xml builds target/%s", m.group(), m.group(2), name)
            .isTrue();
      }
      assertThat(copies).as("%s copies the build's outputs", target).isEqualTo(2);
      assertThat(Pattern.compile("(?m)^COPY --from=").matcher(stage).results().count())
          .as("%s: every COPY --from is checked above", target)
          .isEqualTo(copies);
    }
  }
}
