package io.statecast.wire.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.wire.RegistryUnavailableException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP side of a {@link RegistryClient}: one {@link HttpClient} per registry (HTTP/1.1, no
 * redirects, the connect timeout of {@link RegistrySettings#timeout()}, the trust store of {@link
 * RegistrySettings#trustStore()} if any), requests with the API's {@code Accept} and the {@link
 * RegistryCredentials}' {@code Authorization} header, and the mapping of every failure to talk to
 * the registry (refused, timed out, interrupted, a status other than the expected one, an answer
 * that is not a JSON object) to {@link RegistryUnavailableException}.
 *
 * <p>Kept apart from the client so that the client reads as the API it calls. Messages name the
 * registry's URL without user info, the request and the status, and are {@linkplain
 * RegistryCredentials#redact redacted}.
 */
final class RegistryTransport {

  /** Reads and writes the API's JSON; thread-safe. */
  static final ObjectMapper JSON = new ObjectMapper();

  private static final String ACCEPT =
      RegistryClient.CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json";

  /** A status and a body as the registry sent them. */
  record Answer(int status, String body) {}

  private final String base;
  private final Duration timeout;
  private final RegistryCredentials credentials;
  private final HttpClient http;

  /**
   * The transport to the registry of {@code settings}.
   *
   * @throws IllegalArgumentException if the trust store cannot be read
   */
  RegistryTransport(RegistrySettings settings) {
    this.base = withoutUserInfo(settings.url());
    this.timeout = settings.timeout();
    this.credentials = new RegistryCredentials(settings);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.trustStore() != null) {
      builder.sslContext(trusting(settings.trustStore(), settings.trustStorePassword()));
    }
    this.http = builder.build();
  }

  /** The registry's base URL as messages show it: without user info. */
  String base() {
    return base;
  }

  /** A request for {@code path} under the base URL, with the timeout and headers set. */
  HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", ACCEPT);
    if (credentials.authorization() != null) {
      builder.header("Authorization", credentials.authorization());
    }
    return builder;
  }

  /** Sends {@code request} ({@code what}, for messages) and returns whatever status came back. */
  Answer send(HttpRequest request, String what) throws RegistryUnavailableException {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " did not answer "
              + what
              + " within "
              + timeout
              + ": "
              + credentials.redact(String.valueOf(e.getMessage())),
          e);
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " cannot be reached for "
              + what
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? " " + credentials.redact(e.getMessage()) : ""),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "interrupted while waiting for the schema registry at " + base + " to answer " + what, e);
    }
  }

  /** The answer's JSON object if its status is {@code status}. */
  JsonNode expect(Answer answer, int status, String what) throws RegistryUnavailableException {
    if (answer.status() != status) {
      String reason = errorMessage(answer.body());
      throw new RegistryUnavailableException(
          "schema registry at "
              + base
              + " answered "
              + answer.status()
              + " to "
              + what
              + (reason.isEmpty() ? "" : ": " + reason));
    }
    try {
      JsonNode json = JSON.readTree(answer.body());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // reported below
    }
    throw unexpected(answer, what, "not a JSON object");
  }

  /** The failure of an answer to {@code what} that is not as the API's: {@code problem}. */
  RegistryUnavailableException unexpected(Answer answer, String what, String problem) {
    return new RegistryUnavailableException(
        "schema registry at "
            + base
            + " answered "
            + what
            + " with "
            + answer.status()
            + " but "
            + problem
            + ", not as the Confluent schema registry API does: "
            + excerpt(answer.body()));
  }

  /** The {@code error_code} of an error answer, or -1. */
  static int errorCode(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode code = json == null ? null : json.get("error_code");
      return code != null && code.canConvertToInt() ? code.intValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The registry's own words in an error answer: its {@code error_code} and message. */
  private String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject() && json.has("message")) {
        String code =
            json.has("error_code") ? "error " + json.get("error_code").asText() + ", " : "";
        return excerpt(code + json.get("message").asText());
      }
    } catch (IOException notJson) {
      // a proxy's page, say: show its start
    }
    return excerpt(body);
  }

  private String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").trim();
    return credentials.redact(line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }

  private static String withoutUserInfo(URI url) {
    try {
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), null, null, null)
              .toString()
          + path;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a schema registry URL: " + url.getHost(), e);
    }
  }

  private static SSLContext trusting(String trustStore, String password) {
    try {
      KeyStore store =
          KeyStore.getInstance(
              new File(trustStore), password == null ? null : password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the schema registry's trust store "
              + trustStore
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() != null ? " " + e.getMessage() : ""),
          e);
    }
  }
}
