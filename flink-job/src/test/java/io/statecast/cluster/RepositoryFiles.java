package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * What the deployment tests (compose, Dockerfile, monitoring, Kubernetes) share: the repository's
 * root, found from the test's working directory, the root POM's version and properties, and the
 * Flink options a deployment's configuration may name.
 */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository's root: the nearest directory above the working one with the compose file. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The root POM. */
  static String pom() throws IOException {
    return Files.readString(root().resolve("pom.xml"));
  }

  /** A property of the root POM, e.g. {@code flink.version}. */
  static String pomProperty(String name) throws IOException {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom());
    assertThat(m.find()).as(name + " in pom.xml").isTrue();
    return m.group(1);
  }

  /** The project's version: the root POM's own, after its parent-less artifactId. */
  static String projectVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>statecast-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom());
    assertThat(m.find()).as("the project version in pom.xml").isTrue();
    return m.group(1);
  }

  /**
   * Flink's options of the classes a deployment configures (core, JobManager, TaskManager, REST,
   * checkpoints, state backends, high availability, metrics, heartbeats, blob server), by key.
   */
  static Map<String, ConfigOption<?>> flinkOptions() throws IllegalAccessException {
    Map<String, ConfigOption<?>> known = new LinkedHashMap<>();
    for (Class<?> c :
        List.of(
            CoreOptions.class,
            JobManagerOptions.class,
            TaskManagerOptions.class,
            RestOptions.class,
            CheckpointingOptions.class,
            StateBackendOptions.class,
            HighAvailabilityOptions.class,
            MetricOptions.class,
            HeartbeatManagerOptions.class,
            BlobServerOptions.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && ConfigOption.class.isAssignableFrom(f.getType())) {
          ConfigOption<?> o = (ConfigOption<?>) f.get(null);
          known.put(o.key(), o);
        }
      }
    }
    return known;
  }
}
