package io.statecast.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.stream.Stream;

/**
 * The schemas of the Kubernetes kinds that deploy/kubernetes uses, from {@code
 * deploy/kubernetes/schemas} (SOURCES.md there says where each comes from): Kubernetes' OpenAPI v3
 * documents for the built-in kinds, the CustomResourceDefinitions of the Flink Kubernetes Operator
 * and of Strimzi for theirs.
 *
 * <p>A schema is picked by a manifest's {@code apiVersion} and {@code kind}: a built-in kind by the
 * {@code x-kubernetes-group-version-kind} of its definition, a custom one by its CRD's group,
 * served version and kind. The {@code metadata} of a custom resource is checked as the built-in
 * kinds' {@code ObjectMeta} (a CRD's schema leaves it open), and its {@code apiVersion} and {@code
 * kind} are strings (the API server accepts them whether or not the CRD's schema names them).
 *
 * <p>Strict, as {@code kubeconform -strict}: Kubernetes' schemas allow properties they do not name,
 * which the API server then drops without a word (a misspelt field is lost), so every schema that
 * lists {@code properties} and says nothing of others is given {@code additionalProperties: false},
 * except where {@code x-kubernetes-preserve-unknown-fields} keeps unknown fields on purpose (the
 * FlinkDeployment's flinkConfiguration, a KafkaTopic's config).
 */
final class ManifestSchemas {

  static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";

  private final List<JsonNode> openApi = new ArrayList<>();
  private final List<JsonNode> crds = new ArrayList<>();
  private final Map<String, Schema> cache = new HashMap<>();

  /**
   * OpenAPI 3.0's dialect, where the Kubernetes extensions ({@code x-kubernetes-*}) and the {@code
   * components} holding the definitions are known keywords that assert nothing. The CEL rules of
   * {@code x-kubernetes-validations} are not evaluated here (the API server does).
   */
  private final SchemaRegistry registry =
      SchemaRegistry.withDialect(
          Dialect.builder(Dialects.getOpenApi30())
              .unknownKeywordFactory(
                  (name, context) -> {
                    if (name.startsWith("x-") || name.equals("components")) {
                      return new NonValidationKeyword(name);
                    }
                    throw new IllegalArgumentException(
                        "a schema keyword this test does not know: " + name);
                  })
              .build());

  /** kustomize's kustomization.yaml, as SchemaStore describes it (JSON Schema draft 7, strict). */
  private final Schema kustomization;

  ManifestSchemas(Path dir) throws IOException {
    Path schemaStore = dir.resolve("schemastore");
    kustomization =
        SchemaRegistry.withDialect(Dialects.getDraft7())
            .getSchema(JSON.readTree(schemaStore.resolve("kustomization.json").toFile()));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.startsWith(schemaStore))
              .sorted()
              .toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) {
          openApi.add(JSON.readTree(f.toFile()));
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          crds.add(YAML.readTree(f.toFile()));
        }
      }
    }
  }

  /** The violations of {@code manifest}'s schema, as {@code /path: message} lines. */
  List<String> validate(JsonNode manifest) {
    String apiVersion = manifest.path("apiVersion").asText();
    String kind = manifest.path("kind").asText();
    return messages(
        cache.computeIfAbsent(apiVersion + "/" + kind, k -> schema(apiVersion, kind)), manifest);
  }

  /** The violations of kustomize's schema by a kustomization.yaml. */
  List<String> validateKustomization(JsonNode kustomization) {
    return messages(this.kustomization, kustomization);
  }

  private static List<String> messages(Schema schema, JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (Error e : schema.validate(doc)) {
      String at = e.getInstanceLocation().toString();
      out.add((at.isEmpty() ? "/" : at) + ": " + e.getMessage());
    }
    return out;
  }

  private Schema schema(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    ObjectNode root = builtIn(group, version, kind);
    if (root == null) {
      root = custom(group, version, kind);
    }
    if (root == null) {
      throw new IllegalArgumentException("no schema for " + apiVersion + " " + kind);
    }
    return registry.getSchema(root);
  }

  /** {@code {$ref: the kind's definition, components: the document's, strict}} or null. */
  private ObjectNode builtIn(String group, String version, String kind) {
    for (JsonNode doc : openApi) {
      Iterator<Entry<String, JsonNode>> it = doc.path("components").path("schemas").fields();
      while (it.hasNext()) {
        Entry<String, JsonNode> e = it.next();
        for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
          if (gvk.path("group").asText().equals(group)
              && gvk.path("version").asText().equals(version)
              && gvk.path("kind").asText().equals(kind)) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("$ref", "#/components/schemas/" + e.getKey());
            root.set("components", strictComponents(doc));
            return root;
          }
        }
      }
    }
    return null;
  }

  /** The served version's openAPIV3Schema, strict, its metadata an ObjectMeta; or null. */
  private ObjectNode custom(String group, String version, String kind) {
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)
          || !spec.path("names").path("kind").asText().equals(kind)) {
        continue;
      }
      for (JsonNode v : spec.path("versions")) {
        if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
          ObjectNode root = v.path("schema").path("openAPIV3Schema").deepCopy();
          strict(root);
          // The API server accepts these three in every custom resource, whatever its schema says.
          ObjectNode props = (ObjectNode) root.path("properties");
          props.putObject("apiVersion").put("type", "string");
          props.putObject("kind").put("type", "string");
          props.putObject("metadata").put("$ref", "#/components/schemas/" + OBJECT_META);
          root.set("components", strictComponents(objectMetaDocument()));
          return root;
        }
      }
    }
    return null;
  }

  private JsonNode objectMetaDocument() {
    return openApi.stream()
        .filter(d -> d.path("components").path("schemas").has(OBJECT_META))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no schema document defines " + OBJECT_META));
  }

  private static ObjectNode strictComponents(JsonNode doc) {
    ObjectNode components = doc.path("components").deepCopy();
    components.path("schemas").forEach(ManifestSchemas::strict);
    return components;
  }

  /**
   * Closes {@code schema} and every schema inside it: {@code additionalProperties: false} where it
   * lists {@code properties}, says nothing of others and does not preserve unknown fields.
   */
  static void strict(JsonNode schema) {
    if (!(schema instanceof ObjectNode o)) {
      return;
    }
    JsonNode props = o.get("properties");
    if (props != null && props.isObject()) {
      props.forEach(ManifestSchemas::strict);
      if (!o.has("additionalProperties") && !o.path(PRESERVE).asBoolean(false)) {
        o.put("additionalProperties", false);
      }
    }
    for (String k : List.of("additionalProperties", "items", "not")) {
      strict(o.get(k));
    }
    for (String k : List.of("allOf", "anyOf", "oneOf")) {
      JsonNode list = o.get(k);
      if (list != null) {
        list.forEach(ManifestSchemas::strict);
      }
    }
  }

  /** Every document of a YAML file ({@code ---} separated), empty ones left out. */
  static List<JsonNode> documents(Path file) {
    try (var it = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
