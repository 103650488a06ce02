package io.statecast.testing.registry;

import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.registry.RegistryClient;
import io.statecast.wire.registry.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https} registry whose self-signed certificate only the client's own trust store vouches
 * for, in PKCS12 and JKS; the key and the trust stores are made with the JDK's keytool.
 */
class RegistryTlsTest {

  private static final String KEY_PASSWORD = "key-pa55";
  private static final String TRUST_PASSWORD = "trust-pa55";

  @TempDir static Path dir;

  private static TestSchemaRegistry registry;

  @BeforeAll
  static void startWithASelfSignedCertificate() throws Exception {
    Path keyStore = dir.resolve("registry.p12");
    Path certificate = dir.resolve("registry.cer");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        KEY_PASSWORD,
        "-keypass",
        KEY_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        KEY_PASSWORD,
        "-file",
        certificate.toString());
    for (String type : new String[] {"PKCS12", "JKS"}) {
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "registry",
          "-file",
          certificate.toString(),
          "-storetype",
          type,
          "-keystore",
          trustStore(type).toString(),
          "-storepass",
          TRUST_PASSWORD);
    }
    registry = TestSchemaRegistry.startTls(keyStore, KEY_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void trustStoreOfEitherTypeLetsTheClientIn() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    assertThat(registry.url().getScheme()).isEqualTo("https");

    for (String type : new String[] {"PKCS12", "JKS"}) {
      RegistryClient client = new RegistryClient(settings(trustStore(type).toString()));
      assertThat(client.schemaById(id)).as(type).isEqualTo(OBSERVATION_V0);
    }
  }

  @Test
  void withoutTheTrustStoreTheCertificateIsRefusedAsUnavailable() {
    int id = registry.register("observations-value", OBSERVATION_V0);
    RegistryClient client = new RegistryClient(settings(null));

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema registry at " + registry.url())
        .hasMessageContaining("SSLHandshakeException");
  }

  private static RegistrySettings settings(String trustStore) {
    return new RegistrySettings(
        registry.url(),
        null,
        null,
        trustStore,
        trustStore == null ? null : TRUST_PASSWORD,
        Duration.ofSeconds(5));
  }

  private static Path trustStore(String type) {
    return dir.resolve("trust." + type.toLowerCase(java.util.Locale.ROOT));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("keytool.log").toFile()))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool did not finish within 60 s: " + command);
    }
    assertThat(process.exitValue()).as("keytool %s", args[0]).isZero();
  }
}
