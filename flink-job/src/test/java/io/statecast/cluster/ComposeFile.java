package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} as its tests read it: the parsed file (SnakeYAML resolves its {@code
 * <<} merge keys), services, volumes with compose's {@code ${VAR:-default}} taken at its default,
 * and the Flink properties every Flink container gets.
 */
final class ComposeFile {

  private static final Path ROOT = RepositoryFiles.root();
  private static final Pattern DEFAULT = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}");

  private ComposeFile() {}

  static Map<String, String> flinkProperties() throws IOException {
    Map<String, Object> env =
        map(map(services(compose("docker-compose.yml")).get("jobmanager")).get("environment"));
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : env.get("FLINK_PROPERTIES").toString().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String value = line.substring(colon + 1).trim();
      assertThat(value).as("the image's entrypoint strips spaces: " + line).doesNotContain(" ");
      props.put(line.substring(0, colon).trim(), value);
    }
    return props;
  }

  static Map<String, Object> compose(String file) throws IOException {
    return new Yaml().load(Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8));
  }

  static Map<String, Object> services(Map<String, Object> compose) {
    return map(compose.get("services"));
  }

  static List<String> volumes(Map<String, Object> service) {
    return ((List<?>) service.get("volumes")).stream().map(v -> interpolate(v.toString())).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  /** Compose's {@code ${VAR:-default}} with every variable unset. */
  static String interpolate(String s) {
    return DEFAULT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(2)));
  }

  static Map<String, Object> submitJob() throws IOException {
    return map(services(compose("docker-compose.yml")).get("submit-job"));
  }
}
