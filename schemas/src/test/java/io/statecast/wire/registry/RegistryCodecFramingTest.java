package io.statecast.wire.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.wire.Decoded;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.format.FormatSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link RegistryCodec} decides without a registry: the framing, and that a registry nobody
 * listens for is thrown as unavailable. The tests with a registry are in the testing module ({@code
 * io.statecast.testing.registry}), which depends on this one.
 */
class RegistryCodecFramingTest {

  private static URI nobodyListens;

  @BeforeAll
  static void closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  private static RegistryCodec<Observation> codec() {
    RegistrySettings settings =
        new RegistrySettings(nobodyListens, null, null, null, null, Duration.ofSeconds(2));
    return RegistryCodec.forSpecific(
        Observation.class, "observations", new RegistryClient(settings));
  }

  @Test
  void headerIsMagicZeroAndTheIdBigEndian() {
    byte[] header = RegistryCodec.header(0x01020304);

    assertThat(header).containsExactly(0, 1, 2, 3, 4);
    assertThat(RegistryCodec.idIn(header)).isEqualTo(0x01020304);
    assertThat(RegistryCodec.idIn(RegistryCodec.header(-2))).isEqualTo(-2);
  }

  @Test
  void valuesNotInRegistryFramingAreUndecodableWithoutAskingTheRegistry() throws Exception {
    RegistryCodec<Observation> codec = codec();
    byte[][] values = {null, {}, {0}, {0, 0, 0, 7}, {1, 0, 0, 0, 7, 0}, {(byte) 0xC3, 1, 2, 3, 4}};
    String[] reasons = {
      "null instead of bytes",
      "empty message",
      "1 byte, shorter than the header",
      "4 bytes, shorter than the header",
      "starts with 0x01, not with the magic byte 0",
      "starts with 0xC3, not with the magic byte 0 (0xC3 0x01 starts Avro single-object"
    };
    for (int i = 0; i < values.length; i++) {
      Decoded<Observation> decoded = codec.decode(values[i]);
      assertThat(decoded).isInstanceOf(Decoded.Failed.class);
      Decoded.Failed<Observation> failed = (Decoded.Failed<Observation>) decoded;
      assertThat(failed.kind()).isEqualTo(ErrorKind.UNDECODABLE);
      assertThat(failed.reason())
          .startsWith("not schema-registry framing (magic byte 0, 4-byte schema id): ")
          .contains(reasons[i]);
    }
  }

  @Test
  void registryNobodyListensForIsUnavailableNamingTheUrl() {
    RegistryCodec<Observation> codec = codec();

    assertThatThrownBy(() -> codec.decode(new byte[] {0, 0, 0, 0, 1, 2}))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("schema registry at " + nobodyListens)
        .hasMessageContaining("GET /schemas/ids/1")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void formatSettingsMakeARegistryCodecForTheTopicSubject() throws Exception {
    FormatSettings settings =
        new FormatSettings(ValueFormat.AVRO_REGISTRY, null, RegistrySettings.of(nobodyListens));

    ValueCodec<Observation> codec = settings.codec(Observation.class, "sensor-readings");

    assertThat(codec.format()).isEqualTo(ValueFormat.AVRO_REGISTRY);
    assertThat(codec).isInstanceOf(RegistryCodec.class);
    assertThat(((RegistryCodec<Observation>) codec).subject()).isEqualTo("sensor-readings-value");
  }

  @Test
  void settingsNeverShowTheCredentials() {
    RegistrySettings basic =
        new RegistrySettings(
            nobodyListens, "me:pa55-word", null, "trust.p12", "st0re-pass", Duration.ofSeconds(1));
    RegistrySettings bearer =
        new RegistrySettings(nobodyListens, null, "t0ken-value", null, null, Duration.ofSeconds(1));
    RegistrySettings inUrl =
        RegistrySettings.of(URI.create("http://me:url-pa55@127.0.0.1:" + nobodyListens.getPort()));

    assertThat(basic.toString()).contains("basic auth as me").doesNotContain("pa55-word", "st0re");
    assertThat(bearer.toString()).contains("bearer token").doesNotContain("t0ken-value");
    assertThat(inUrl.toString()).doesNotContain("url-pa55");
    assertThat(new RegistryClient(inUrl).toString()).doesNotContain("url-pa55");
    assertThat(new RegistryClient(inUrl).url()).isEqualTo(nobodyListens.toString());
  }
}
