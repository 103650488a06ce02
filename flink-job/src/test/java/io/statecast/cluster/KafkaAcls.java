package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The ACLs of a Strimzi {@code KafkaUser} (simple authorization), read as Kafka's authorizer does
 * for allow rules: a rule matches a resource of its type by its name ({@code literal}, the default)
 * or as a prefix of it ({@code prefix}); {@code All} is every operation.
 */
final class KafkaAcls {

  private final JsonNode acls;

  KafkaAcls(JsonNode kafkaUser) {
    assertThat(kafkaUser.path("spec").path("authorization").path("type").asText())
        .isEqualTo("simple");
    this.acls = kafkaUser.path("spec").path("authorization").path("acls");
  }

  /** Whether an allow rule grants {@code operation} on the resource. */
  boolean allows(String type, String name, String operation) {
    for (JsonNode acl : acls) {
      JsonNode r = acl.path("resource");
      boolean allow = acl.path("type").asText("allow").equals("allow");
      boolean prefix = r.path("patternType").asText("literal").equals("prefix");
      String pattern = r.path("name").asText();
      boolean matches = prefix ? name.startsWith(pattern) : name.equals(pattern);
      List<String> ops = KubernetesManifests.strings(acl.path("operations"));
      if (allow
          && r.path("type").asText().equals(type)
          && matches
          && (ops.contains(operation) || ops.contains("All"))) {
        return true;
      }
    }
    return false;
  }

  void assertAllows(String type, String name, String... operations) {
    for (String op : operations) {
      assertThat(allows(type, name, op)).as(op + " on " + type + " " + name).isTrue();
    }
  }
}
