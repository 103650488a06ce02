package io.statecast.serve;

import static io.statecast.serve.TestServers.ADMIN;
import static io.statecast.serve.TestServers.READER;
import static io.statecast.serve.TestServers.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.registry.Archives;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The registry endpoints over real HTTP on 127.0.0.1, on a server of their own (they upload,
 * promote and retire versions): listing, upload, promotion and retirement with the admin token, and
 * a 4xx with a clear JSON message for every refusal.
 */
class RegistryEndpointsTest extends DemoServerTest {

  private static final String MODELS = "/v1/registry/models";

  @Test
  void listsAndDescribes() {
    JsonNode list = http.get(MODELS, null).json();
    assertThat(list.get("models").get(0).get("id").asText()).isEqualTo("demo");
    assertThat(list.get("models").get(0).get("serving").asInt()).isEqualTo(1);
    JsonNode model = http.get(MODELS + "/demo", null).json();
    assertThat(model.get("versions")).hasSize(greaterOrEqual(2));
    JsonNode d = http.get(MODELS + "/demo/versions/1", null).json();
    assertThat(d.get("manifestSha256").asText()).isEqualTo(v1.manifestSha256());
    assertThat(d.get("spec").get("head").get("horizon").asInt()).isEqualTo(3);
    assertThat(d.get("files").has("weights.safetensors")).isTrue();
    assertThat(d.get("artifactUri").asText()).startsWith("file:/");
    assertClientError(http.get(MODELS + "/nope", null), 404, "not in the registry");
    assertClientError(http.get(MODELS + "/demo/versions/42", null), 404, "no version 42");
  }

  @Test
  void uploadsPromotesAndRetiresWithTheAdminToken() throws Exception {
    Path src = tmp.resolve("upload-v3");
    ServingModels.write(src, "demo", 3, 33);
    byte[] tgz = Archives.tar(src, "demo-v3/", true);

    assertClientError(http.postBytes(MODELS, tgz, null), 401, "needs a bearer token");
    assertClientError(http.postBytes(MODELS, tgz, READER), 403, "may only read");
    Http.Response up = http.postBytes(MODELS, tgz, ADMIN);
    assertThat(up.status()).as(up.body()).isEqualTo(201);
    assertThat(up.json().get("version").asInt()).isEqualTo(3);
    assertThat(up.json().get("id").asText()).isEqualTo("demo");
    assertClientError(http.postBytes(MODELS, tgz, ADMIN), 409, "already has version 3");

    String promote = MODELS + "/demo/versions/3/promote";
    assertClientError(http.post(promote, "{}", null), 401, "bearer token");
    assertClientError(http.post(promote, "{\"policy\":\"MAYBE\"}", ADMIN), 400, "KEEP, RESET");
    assertClientError(http.post(promote, "{\"policy\":", ADMIN), 400, "malformed JSON");
    assertClientError(
        http.post(MODELS + "/demo/versions/8/promote", "{}", ADMIN), 404, "no version 8");
    Http.Response p = http.post(promote, "{\"policy\":\"reset\",\"note\":\"v3 up\"}", ADMIN);
    assertThat(p.status()).as(p.body()).isEqualTo(200);
    assertThat(p.json().get("policy").asText()).isEqualTo("RESET");
    assertThat(p.json().get("artifactUri").asText()).startsWith("file:/");
    assertThat(publisher.updates).anySatisfy(u -> assertThat(u.getVersion()).isEqualTo(3));
    assertThat(http.get("/v2/models/demo", null).json().get("parameters").get("version").asInt())
        .isEqualTo(3);

    assertClientError(http.post(MODELS + "/demo/versions/3/retire", "", ADMIN), 409, "serving");
    http.post(MODELS + "/demo/versions/1/promote", "", ADMIN);
    assertClientError(http.post(MODELS + "/demo/versions/3/retire", "", READER), 403, "only read");
    Http.Response retired = http.post(MODELS + "/demo/versions/3/retire", "", ADMIN);
    assertThat(retired.status()).as(retired.body()).isEqualTo(200);
    assertThat(retired.json().get("status").asText()).isEqualTo("retired");
    assertClientError(http.get("/v2/models/demo/versions/3", null), 410, "retired");
  }

  @Test
  void refusesBadOrOversizedUploads() throws Exception {
    assertClientError(http.postBytes(MODELS, "garbage".getBytes(), ADMIN), 400, "archive");
    Path bad = tmp.resolve("tampered");
    ServingModels.write(bad, "demo", 4, 44);
    java.nio.file.Files.writeString(bad.resolve("model.json"), "{\"tampered\": true}");
    assertClientError(http.postBytes(MODELS, Archives.zip(bad, ""), ADMIN), 400, "SHA-256");
    assertThat(http.get(MODELS + "/demo", null).body()).doesNotContain("\"version\":4");
  }

  private int greaterOrEqual(int n) {
    return n;
  }
}
