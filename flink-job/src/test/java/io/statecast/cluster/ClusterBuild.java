package io.statecast.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the build made for the standalone cluster: the job jar ({@code mvn verify} shades it just
 * before the integration tests; {@code -Pjob-jar} at package time) and the class paths of the
 * cluster's processes ({@code target/cluster-classpath/}, written by the dependency plugin):
 * Flink's JVMs get what a Flink distribution's {@code lib/} holds, not the job's dependencies, plus
 * what the Flink image of {@code docker-compose.yml} adds to it: DJL and PyTorch's natives ({@code
 * target/flink-lib/}).
 *
 * @param jobJar the Flink application jar
 * @param flinkClassPath the JobManager's and TaskManagers' class path
 * @param brokerClassPath the Kafka broker process's class path
 */
record ClusterBuild(Path jobJar, List<Path> flinkClassPath, List<Path> brokerClassPath) {

  /** Finds the build's outputs under {@code target/}; skips the test (assumption) without them. */
  static ClusterBuild find() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Path jar = target.resolve("statecast-job.jar");
    assumeTrue(
        Files.isRegularFile(jar),
        "no job jar at "
            + jar
            + ": `mvn verify` builds it before the integration tests (or `mvn -Pjob-jar package"
            + " -DskipTests`)");
    Path cp = target.resolve("cluster-classpath");
    for (String f : List.of("flink.txt", "flink-shared.txt", "broker.txt")) {
      assumeTrue(
          Files.isRegularFile(cp.resolve(f)),
          "no " + cp.resolve(f) + ": written by the build (generate-test-resources)");
    }
    List<Path> flink = new ArrayList<>(read(cp.resolve("flink.txt")));
    flink.addAll(read(cp.resolve("flink-shared.txt")));
    Path lib = target.resolve("flink-lib");
    assumeTrue(Files.isDirectory(lib), "no " + lib + ": written by the build (package)");
    try (var jars = Files.list(lib)) {
      jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(flink::add);
    }
    List<Path> broker = new ArrayList<>();
    broker.add(target.resolve("test-classes"));
    broker.add(target.resolve("classes"));
    broker.addAll(read(cp.resolve("broker.txt")));
    return new ClusterBuild(jar, List.copyOf(flink), List.copyOf(broker));
  }

  private static List<Path> read(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8).trim();
    return Arrays.stream(s.split(File.pathSeparator))
        .filter(e -> !e.isBlank())
        .map(Path::of)
        .toList();
  }
}
