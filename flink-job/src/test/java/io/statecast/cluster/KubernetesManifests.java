package io.statecast.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of deploy/kubernetes, read as text (no cluster): the manifests (every YAML file but the
 * schemas and kustomize's own files) and the kustomizations.
 */
final class KubernetesManifests {

  static final Path ROOT = RepositoryFiles.root();
  static final Path DIR = ROOT.resolve("deploy/kubernetes");
  static final Path SCHEMAS = DIR.resolve("schemas");

  /** kustomize's own files: not Kubernetes objects. */
  private static final Set<String> KUSTOMIZE =
      Set.of("kustomization.yaml", "kustomize-config.yaml");

  private KubernetesManifests() {}

  /** A manifest document and the file it is in. */
  record Manifest(Path file, JsonNode doc) {

    String kind() {
      return doc.path("kind").asText();
    }

    String name() {
      return doc.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return DIR.relativize(file) + " " + kind() + "/" + name();
    }
  }

  /** Every YAML file under deploy/kubernetes but the schemas and kustomize's files. */
  static List<Path> manifestFiles() {
    return yamlFiles().stream()
        .filter(f -> !KUSTOMIZE.contains(f.getFileName().toString()))
        .toList();
  }

  static List<Path> kustomizations() {
    return yamlFiles().stream()
        .filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
        .toList();
  }

  /** Every document of every manifest file. */
  static List<Manifest> all() {
    List<Manifest> out = new ArrayList<>();
    for (Path f : manifestFiles()) {
      for (JsonNode d : ManifestSchemas.documents(f)) {
        out.add(new Manifest(f, d));
      }
    }
    return out;
  }

  /** The one document of this kind and name. */
  static JsonNode one(String kind, String name) {
    List<JsonNode> found =
        all().stream()
            .filter(m -> m.kind().equals(kind) && m.name().equals(name))
            .filter(m -> !m.file().startsWith(DIR.resolve("scram")))
            .map(Manifest::doc)
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " documents " + kind + "/" + name);
    }
    return found.get(0);
  }

  /** The documents of this kind (overlays' patches left out). */
  static List<JsonNode> ofKind(String kind) {
    return all().stream()
        .filter(m -> m.kind().equals(kind))
        .filter(m -> !m.file().startsWith(DIR.resolve("scram")))
        .map(Manifest::doc)
        .toList();
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // ---- pods

  static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no " + name + " in " + container.path("name"));
  }

  /** The volume of {@code pod} that {@code container} mounts at {@code mountPath}. */
  static JsonNode volumeAt(JsonNode pod, JsonNode container, String mountPath) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asText().equals(mountPath)) {
        for (JsonNode v : pod.path("volumes")) {
          if (v.path("name").asText().equals(m.path("name").asText())) {
            return v;
          }
        }
      }
    }
    throw new AssertionError("nothing mounted at " + mountPath + " in " + container.path("name"));
  }

  // ---- the build's files

  /** A service of docker-compose.yml (SnakeYAML: it resolves the file's {@code <<} merge keys). */
  static JsonNode composeService(String name) {
    try {
      Object compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
      return ManifestSchemas.YAML.valueToTree(compose).path("services").path(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(DIR)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(SCHEMAS))
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
