package io.statecast.wire.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * How a {@link RegistryClient} authenticates to its registry: the {@code Authorization} header made
 * from {@link RegistrySettings#basicAuth()}, {@link RegistrySettings#bearerToken()} or the user
 * info of the URL, and the secrets in it, so that {@link #redact} can keep them out of every
 * message.
 *
 * <p>Kept apart from the transport so that what is secret, and how it is hidden, is in one place.
 */
final class RegistryCredentials {

  private final String authorization;
  private final List<String> secrets = new ArrayList<>();

  /** The credentials of {@code settings}: basic auth, else a bearer token, else the URL's user. */
  RegistryCredentials(RegistrySettings settings) {
    URI url = settings.url();
    String basic = settings.basicAuth();
    if (basic == null && settings.bearerToken() == null && url.getRawUserInfo() != null) {
      basic = URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
    }
    if (basic != null) {
      String encoded = Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
      this.authorization = "Basic " + encoded;
      secrets.add(encoded);
      int colon = basic.indexOf(':');
      if (colon >= 0 && colon < basic.length() - 1) {
        secrets.add(basic.substring(colon + 1));
      }
    } else if (settings.bearerToken() != null) {
      this.authorization = "Bearer " + settings.bearerToken();
      secrets.add(settings.bearerToken());
    } else {
      this.authorization = null;
    }
  }

  /** The value of the {@code Authorization} header, or null to send none. */
  String authorization() {
    return authorization;
  }

  /** {@code text} with any of the credentials in it blotted out. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }
}
