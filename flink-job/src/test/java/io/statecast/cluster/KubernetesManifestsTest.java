package io.statecast.cluster;

import static io.statecast.cluster.KubernetesManifests.DIR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.cluster.KubernetesManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under deploy/kubernetes is valid for the schema of its kind, strictly (a field the
 * schema does not name is an error, as with {@code kubeconform -strict}), and the kustomizations
 * name files that exist and every manifest; without a cluster ({@link ManifestSchemas}). The
 * mutation tests show that the validator finds and names each kind of mistake.
 */
class KubernetesManifestsTest {

  private static ManifestSchemas schemas;

  @BeforeAll
  static void loadSchemas() throws IOException {
    schemas = new ManifestSchemas(KubernetesManifests.SCHEMAS);
  }

  @Test
  void everyManifestIsValidForItsKindsSchemaStrictly() {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Set<String> kinds = new TreeSet<>();
    List<Manifest> all = KubernetesManifests.all();
    for (Manifest m : all) {
      kinds.add(m.doc().path("apiVersion").asText() + " " + m.kind());
      List<String> e = schemas.validate(m.doc());
      if (!e.isEmpty()) {
        errors.put(m.toString(), e);
      }
    }
    assertThat(errors).as("schema violations").isEmpty();
    assertThat(kinds)
        .containsExactlyInAnyOrder(
            "v1 Namespace",
            "v1 ServiceAccount",
            "v1 ConfigMap",
            "v1 PersistentVolumeClaim",
            "v1 Service",
            "apps/v1 Deployment",
            "rbac.authorization.k8s.io/v1 Role",
            "rbac.authorization.k8s.io/v1 RoleBinding",
            "flink.apache.org/v1beta1 FlinkDeployment",
            "kafka.strimzi.io/v1 KafkaTopic",
            "kafka.strimzi.io/v1 KafkaUser");
  }

  @Test
  void anUnknownFieldIsNamedWhereverItIs() {
    ObjectNode flink = copy("FlinkDeployment", "statecast");
    ((ObjectNode) flink.path("spec").path("jobManager").path("resource")).put("cpus", 1);
    assertThat(schemas.validate(flink))
        .singleElement()
        .asString()
        .startsWith("/spec/jobManager/resource: ")
        .contains("'cpus'");

    // Inside the pod template, which the CRD spells out as a Pod's schema.
    ObjectNode container =
        (ObjectNode) flink.path("spec").path("podTemplate").path("spec").path("containers").get(0);
    container.put("imagePullPolicy", "Always").put("volumeMount", "x");
    assertThat(schemas.validate(flink))
        .anySatisfy(
            e -> assertThat(e).contains("/spec/podTemplate/spec/containers/0", "volumeMount"));

    ObjectNode deployment = copy("Deployment", "statecast-model-server");
    ((ObjectNode) deployment.path("spec").path("template").path("spec")).put("hostname2", "x");
    ((ObjectNode) deployment.path("metadata")).put("label", "x");
    assertThat(schemas.validate(deployment))
        .hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("/spec/template/spec: ").contains("hostname2"))
        .anySatisfy(e -> assertThat(e).startsWith("/metadata: ").contains("'label'"));

    // A custom resource's metadata is checked as an ObjectMeta.
    ObjectNode topic = copy("KafkaTopic", "model-updates");
    ((ObjectNode) topic.path("metadata")).put("namespaces", "kafka");
    assertThat(schemas.validate(topic)).singleElement().asString().contains("namespaces");
  }

  @Test
  void aWrongTypeOrValueIsNamed() {
    ObjectNode flink = copy("FlinkDeployment", "statecast");
    ((ObjectNode) flink.path("spec").path("job")).put("parallelism", "two");
    ((ObjectNode) flink.path("spec")).put("flinkVersion", "v2_9");
    assertThat(schemas.validate(flink))
        .hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("/spec/job/parallelism: ").contains("string"))
        .anySatisfy(e -> assertThat(e).startsWith("/spec/flinkVersion: ").contains("enum"));

    ObjectNode service = copy("Service", "statecast-model-server");
    ((ObjectNode) service.path("spec").path("ports").get(0)).put("port", "http");
    assertThat(schemas.validate(service))
        .singleElement()
        .asString()
        .startsWith("/spec/ports/0/port: ");

    ObjectNode topic = copy("KafkaTopic", "observations");
    ((ObjectNode) topic.path("spec")).put("partitions", 0);
    assertThat(schemas.validate(topic))
        .singleElement()
        .asString()
        .startsWith("/spec/partitions: ")
        .contains("1");
  }

  @Test
  void aMissingRequiredFieldIsNamed() {
    ObjectNode deployment = copy("Deployment", "statecast-model-server");
    ((ObjectNode) deployment.path("spec")).remove("selector");
    ArrayNode containers =
        (ArrayNode) deployment.path("spec").path("template").path("spec").path("containers");
    ((ObjectNode) containers.get(0)).remove("name");
    assertThat(schemas.validate(deployment))
        .hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("/spec: ").contains("selector"))
        .anySatisfy(
            e -> assertThat(e).startsWith("/spec/template/spec/containers/0: ").contains("name"));

    ObjectNode user = copy("KafkaUser", "statecast");
    ((ObjectNode) user.path("spec").path("authentication")).remove("type");
    assertThat(schemas.validate(user))
        .singleElement()
        .asString()
        .startsWith("/spec/authentication: ")
        .contains("type");
  }

  @Test
  void aMistakeInAKustomizationIsNamed() {
    ObjectNode k =
        ManifestSchemas.documents(DIR.resolve("scram/kustomization.yaml")).get(0).deepCopy();
    k.set("resource", k.remove("resources"));
    ((ObjectNode) k.path("patches").get(0)).put("path", 1);
    assertThat(schemas.validateKustomization(k))
        .anySatisfy(e -> assertThat(e).startsWith("/: ").contains("'resource'"))
        .anySatisfy(e -> assertThat(e).startsWith("/patches/0"));
  }

  @Test
  void kustomizationsNameExistingFilesAndEveryManifest() {
    Set<Path> named = new HashSet<>();
    for (Path k : KubernetesManifests.kustomizations()) {
      JsonNode doc = ManifestSchemas.documents(k).get(0);
      assertThat(schemas.validateKustomization(doc)).as(k.toString()).isEmpty();
      assertThat(doc.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
      assertThat(doc.path("kind").asText()).isEqualTo("Kustomization");
      List<String> files = new ArrayList<>(KubernetesManifests.strings(doc.path("resources")));
      doc.path("patches").forEach(p -> files.add(p.path("path").asText()));
      KubernetesManifests.strings(doc.path("configurations")).forEach(files::add);
      for (String f : files) {
        Path p = k.resolveSibling(f).normalize();
        assertThat(p).as(k + " names " + f).exists();
        named.add(Files.isDirectory(p) ? p.resolve("kustomization.yaml") : p);
      }
    }
    Set<Path> manifests = new TreeSet<>(KubernetesManifests.manifestFiles());
    manifests.removeAll(named);
    // The KafkaUser is for SCRAM only, applied on its own (README.md).
    assertThat(manifests).containsExactly(DIR.resolve("strimzi/user.yaml"));
  }

  @Test
  void theImagesOfTheKustomizationAreTheImagesOfTheManifests() {
    JsonNode k = ManifestSchemas.documents(DIR.resolve("kustomization.yaml")).get(0);
    Set<String> listed = new TreeSet<>();
    k.path("images")
        .forEach(i -> listed.add(i.path("newName").asText() + ":" + i.path("newTag").asText()));
    Set<String> used = new TreeSet<>();
    for (Manifest m : KubernetesManifests.all()) {
      m.doc().findValues("image").forEach(i -> used.add(i.asText()));
    }
    assertThat(used).isEqualTo(listed);
    k.path("images").forEach(i -> assertThat(i.path("name")).isEqualTo(i.path("newName")));
    // kustomize's images: reach spec.image of a FlinkDeployment through kustomize-config.yaml.
    JsonNode config = ManifestSchemas.documents(DIR.resolve("kustomize-config.yaml")).get(0);
    assertThat(config.path("images").get(0).path("path").asText()).isEqualTo("spec/image");
    assertThat(config.path("images").get(0).path("kind").asText()).isEqualTo("FlinkDeployment");
  }

  @Test
  void theSchemasAreTheFilesThatSourcesMdDescribes() throws Exception {
    String sources = Files.readString(KubernetesManifests.SCHEMAS.resolve("SOURCES.md"));
    String files = sources.substring(sources.indexOf("## Files here"));
    Matcher row = Pattern.compile("\\| `([^`]+)` \\| `([0-9a-f]{64})` \\|").matcher(files);
    Map<String, String> listed = new TreeMap<>();
    while (row.find()) {
      listed.put(row.group(1), row.group(2));
    }
    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> all = Files.walk(KubernetesManifests.SCHEMAS)) {
      for (Path f : all.filter(p -> p.toString().matches(".*\\.(json|ya?ml)$")).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        actual.put(
            KubernetesManifests.SCHEMAS.relativize(f).toString(), HexFormat.of().formatHex(digest));
      }
    }
    assertThat(actual).isEqualTo(listed);
  }

  private static ObjectNode copy(String kind, String name) {
    return KubernetesManifests.one(kind, name).deepCopy();
  }
}
