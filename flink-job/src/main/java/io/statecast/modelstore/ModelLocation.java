package io.statecast.modelstore;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.Path;

/**
 * Where a model artifact is: a URI whose scheme names a Flink file system ({@code s3://bucket/m},
 * {@code hdfs://namenode/m}, {@code file:///models/m}), or a plain path on the local file system
 * ({@code /models/m}, {@code models/m}). A plain path is always local, whatever the cluster's
 * default file system ({@code fs.default-scheme}), as before URIs were accepted. A URI must be
 * valid as such: spaces and other reserved characters percent-encoded.
 */
public final class ModelLocation {

  /** A URI scheme: two characters at least, so that a drive letter is not taken for one. */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

  private ModelLocation() {}

  /** Whether {@code location} is a URI with a scheme rather than a plain path. */
  public static boolean isUri(String location) {
    return SCHEME.matcher(location).lookingAt();
  }

  /**
   * The Flink path of {@code location}; a plain path becomes the {@code file:} URI of its absolute
   * form.
   *
   * @throws IllegalArgumentException when it is blank or not a valid URI
   */
  public static Path parse(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a model location must not be blank");
    }
    if (!isUri(location)) {
      return Path.fromLocalFile(new File(location).getAbsoluteFile());
    }
    try {
      URI uri = new URI(location);
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new IllegalArgumentException(
            location + " names no path inside its file system (e.g. s3://bucket/models/demo)");
      }
      return new Path(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          location
              + " is not a valid URI ("
              + e.getReason()
              + "); percent-encode spaces and reserved characters",
          e);
    }
  }

  /**
   * {@code location} as the job keeps it in its configuration: a URI unchanged, a plain path made
   * absolute (so that the TaskManagers read the same directory as the client).
   */
  public static String normalize(String location) {
    return isUri(location) ? location : java.nio.file.Path.of(location).toAbsolutePath().toString();
  }
}
