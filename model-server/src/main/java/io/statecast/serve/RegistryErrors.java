package io.statecast.serve;

import io.statecast.registry.RegistryException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns registry failures into HTTP answers: the reason decides the status, and the message loses
 * the server's file-system paths (an upload's temporary directory disappears, the registry root
 * becomes {@code <registry>}), which a client has no use for.
 */
final class RegistryErrors {

  private final Pattern incoming;
  private final String root;

  RegistryErrors(Path registryRoot) {
    this.root = registryRoot.toString();
    this.incoming = Pattern.compile(Pattern.quote(root + "/.incoming/") + "[^/\\s]+/?");
  }

  ApiException of(RegistryException e) {
    int status =
        switch (e.reason()) {
          case NOT_FOUND -> 404;
          case CONFLICT -> 409;
          case INVALID -> 400;
          case TOO_LARGE -> 413;
          case PUBLISH_FAILED -> 503;
          case CORRUPT, STORAGE -> 500;
        };
    return new ApiException(status, scrub(e.getMessage()));
  }

  /** The message without server paths. */
  String scrub(String message) {
    if (message == null) {
      return "";
    }
    String s = incoming.matcher(message).replaceAll("");
    return s.replace(root, Matcher.quoteReplacement("<registry>"));
  }
}
