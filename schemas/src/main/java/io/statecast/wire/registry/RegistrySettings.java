package io.statecast.wire.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a Confluent-compatible schema registry is (Confluent Schema Registry, Apicurio Registry's
 * {@code /apis/ccompat/v7}, Karapace) and how to talk to it.
 *
 * @param url the registry's base URL, e.g. {@code http://registry:8081} or {@code
 *     http://apicurio:8080/apis/ccompat/v7}
 * @param basicAuth {@code user:password} for HTTP basic authentication, or null
 * @param bearerToken a bearer token, or null (not both with {@code basicAuth})
 * @param trustStore a trust store file (PKCS12 or JKS) for an {@code https} registry whose
 *     certificate the JVM's default trust does not cover, or null
 * @param trustStorePassword its password, or null
 * @param timeout how long one request may take before the registry counts as unavailable
 */
public record RegistrySettings(
    URI url,
    String basicAuth,
    String bearerToken,
    String trustStore,
    String trustStorePassword,
    Duration timeout)
    implements Serializable {

  /** The default request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public RegistrySettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("schema registry URL must be http or https: " + url);
    }
    if (basicAuth != null && bearerToken != null) {
      throw new IllegalArgumentException("schema registry: basic auth or a bearer token, not both");
    }
    if (basicAuth != null && basicAuth.indexOf(':') < 0) {
      throw new IllegalArgumentException("schema registry basic auth must be user:password");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("schema registry timeout must be positive: " + timeout);
    }
  }

  /** A registry at {@code url} without authentication or a trust store. */
  public static RegistrySettings of(URI url) {
    return new RegistrySettings(url, null, null, null, null, DEFAULT_TIMEOUT);
  }

  /** Never prints the password, the token or user info in the URL. */
  @Override
  public String toString() {
    return "RegistrySettings["
        + (url.getRawUserInfo() == null
            ? url
            : url.toString().replace(url.getRawUserInfo() + "@", "***@"))
        + (basicAuth != null
            ? ", basic auth as " + basicAuth.substring(0, basicAuth.indexOf(':'))
            : "")
        + (bearerToken != null ? ", bearer token" : "")
        + (trustStore != null ? ", trust store " + trustStore : "")
        + ", timeout "
        + timeout
        + "]";
  }
}
