package io.statecast.testing.registry;

import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V0;
import static io.statecast.testing.registry.RegistryTestSupport.OBSERVATION_V2;
import static io.statecast.testing.registry.RegistryTestSupport.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.Observation;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.registry.RegistryClient;
import io.statecast.wire.registry.RegistryCodec;
import io.statecast.wire.registry.RegistrySettings;
import io.statecast.wire.registry.UnknownSchemaIdException;
import io.statecast.wire.registry.UnusableSchemaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistryClient} against a {@link TestSchemaRegistry}: caching, failures, credentials. */
class RegistryClientTest {

  private static final String PASSWORD = "s3cret-Pa55word";
  private static final String TOKEN = "eyJ0b2tlbi1mb3ItdGVzdHM";

  @RegisterExtension
  static final TestSchemaRegistryExtension REGISTRY = TestSchemaRegistryExtension.create();

  private TestSchemaRegistry registry;

  @BeforeEach
  void registry() {
    registry = REGISTRY.registry();
  }

  @Test
  void schemaByIdIsFetchedOnceAndParsed() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V2);
    RegistryClient client = new RegistryClient(registry.settings());

    assertThat(client.schemaById(id)).isEqualTo(OBSERVATION_V2);
    assertThat(client.schemaById(id)).isEqualTo(OBSERVATION_V2);

    assertThat(registry.schemaLookups()).isEqualTo(1);
  }

  @Test
  void registerGivesOneIdPerSchemaAndAsksOncePerSubject() throws Exception {
    RegistryClient client = new RegistryClient(registry.settings());

    int id = client.register("a-value", OBSERVATION_V0);
    assertThat(client.register("a-value", OBSERVATION_V0)).isEqualTo(id);
    assertThat(client.register("b-value", OBSERVATION_V0)).isEqualTo(id);
    int other = client.register("a-value", OBSERVATION_V2);

    assertThat(other).isNotEqualTo(id);
    assertThat(registry.registrations()).isEqualTo(3);
    assertThat(registry.subjects()).contains("a-value", "b-value");
    assertThat(client.schemaById(other)).isEqualTo(OBSERVATION_V2);
    assertThat(registry.schemaLookups()).as("lookups of registered ids").isZero();
  }

  @Test
  void idTheRegistryDoesNotHaveIsUnknown() {
    RegistryClient client = new RegistryClient(registry.settings());

    assertThatThrownBy(() -> client.schemaById(4711))
        .isInstanceOf(UnknownSchemaIdException.class)
        .hasMessage("schema id 4711 is not in the registry at " + registry.url());
  }

  @Test
  void schemaThatDoesNotParseAsAvroIsUnusable() {
    int id = registry.registerRaw("x-value", "AVRO", "{\"type\": \"recrod\"}");
    RegistryClient client = new RegistryClient(registry.settings());

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(UnusableSchemaException.class)
        .hasMessageContaining("schema id " + id)
        .hasMessageContaining("is not a valid Avro schema");
  }

  @Test
  void wrongBasePathIsUnavailableNotUnknown() {
    int id = registry.register("observations-value", OBSERVATION_V0);
    RegistryClient client =
        new RegistryClient(RegistrySettings.of(URI.create(registry.url() + "/apis/ccompat/v7/")));

    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema registry at " + registry.url() + "/apis/ccompat/v7 ")
        .hasMessageContaining("answered 404 to GET /schemas/ids/" + id);
  }

  @Test
  void slowRegistryTimesOutAsUnavailable() {
    int id = registry.register("observations-value", OBSERVATION_V0);
    registry.delayAnswers(Duration.ofSeconds(3));
    RegistryClient client =
        new RegistryClient(
            new RegistrySettings(registry.url(), null, null, null, null, Duration.ofMillis(200)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.schemaById(id))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("did not answer GET /schemas/ids/" + id + " within PT0.2S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void basicAuthIsSentAndNeverShown() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    registry.requireBasicAuth("statecast", PASSWORD);
    RegistrySettings settings =
        new RegistrySettings(
            registry.url(), "statecast:" + PASSWORD, null, null, null, Duration.ofSeconds(5));
    RegistryClient client = new RegistryClient(settings);

    assertThat(client.schemaById(id)).isEqualTo(OBSERVATION_V0);
    assertThat(registry.authorizations())
        .containsExactly("Basic " + base64("statecast:" + PASSWORD));

    RegistryCodec<Observation> codec =
        RegistryCodec.forSpecific(Observation.class, "observations", client);
    assertThat(List.of(settings.toString(), client.toString(), codec.toString()))
        .noneMatch(text -> text.contains(PASSWORD));
    registry.requireBasicAuth("statecast", "another password");
    assertThatThrownBy(() -> codec.encode(observation("k", 1L)))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("answered 401")
        .message()
        .doesNotContain(PASSWORD)
        .doesNotContain(base64("statecast:" + PASSWORD));
  }

  @Test
  void userInfoInTheUrlIsBasicAuthAndNeverShown() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    registry.requireBasicAuth("statecast", PASSWORD);
    URI withUser =
        URI.create("http://statecast:" + PASSWORD + "@127.0.0.1:" + registry.port() + "/");
    RegistrySettings settings = RegistrySettings.of(withUser);
    RegistryClient client = new RegistryClient(settings);

    assertThat(client.schemaById(id)).isEqualTo(OBSERVATION_V0);
    assertThat(client.url()).isEqualTo(registry.url().toString());
    assertThat(List.of(settings.toString(), client.toString()))
        .noneMatch(t -> t.contains(PASSWORD));
    registry.goDown();
    assertThatThrownBy(() -> client.schemaById(id + 1))
        .isInstanceOf(RegistryUnavailableException.class)
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void bearerTokenIsSentAndNeverShown() throws Exception {
    int id = registry.register("observations-value", OBSERVATION_V0);
    registry.requireBearerToken(TOKEN);
    RegistrySettings settings =
        new RegistrySettings(registry.url(), null, TOKEN, null, null, Duration.ofSeconds(5));
    RegistryClient client = new RegistryClient(settings);

    assertThat(client.schemaById(id)).isEqualTo(OBSERVATION_V0);
    assertThat(registry.authorizations()).containsExactly("Bearer " + TOKEN);

    assertThat(List.of(settings.toString(), client.toString())).noneMatch(t -> t.contains(TOKEN));
    registry.requireBearerToken("another token");
    assertThatThrownBy(() -> client.schemaById(id + 1))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("answered 401")
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void oneSharedClientPerSettings() {
    RegistrySettings settings = registry.settings();

    assertThat(RegistryClient.shared(settings)).isSameAs(RegistryClient.shared(settings));
    assertThat(RegistryClient.shared(settings))
        .isNotSameAs(
            RegistryClient.shared(
                new RegistrySettings(
                    registry.url(), null, null, null, null, Duration.ofSeconds(3))));
  }

  @Test
  void unreadableTrustStoreIsRefusedWithoutItsPassword() {
    RegistrySettings settings =
        new RegistrySettings(
            URI.create("https://127.0.0.1:" + registry.port()),
            null,
            null,
            "target/no-such-truststore.p12",
            PASSWORD,
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> new RegistryClient(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-truststore.p12")
        .message()
        .doesNotContain(PASSWORD);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
