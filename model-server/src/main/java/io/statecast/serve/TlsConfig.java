package io.statecast.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * TLS for the server: a PKCS12 keystore holding the server's key and certificate chain.
 *
 * @param keystore the PKCS12 file
 * @param password its password (never printed: {@link #toString} hides it)
 */
public record TlsConfig(Path keystore, String password) {

  public TlsConfig {
    if (keystore == null || password == null) {
      throw new IllegalArgumentException("TLS needs a keystore and its password");
    }
  }

  /** Reads the password from a file (the final newline is ignored). */
  public static TlsConfig of(Path keystore, Path passwordFile) throws IOException {
    String pw = Files.readString(passwordFile);
    return new TlsConfig(keystore, pw.endsWith("\n") ? pw.strip() : pw);
  }

  /**
   * Opens the keystore once, so a wrong path, password or format fails at start with a clear
   * message instead of at the first handshake.
   */
  void check() {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      boolean hasKey = false;
      for (String alias : Collections.list(ks.aliases())) {
        hasKey |= ks.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException(keystore + " holds no private key for the server");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot open the TLS keystore "
              + keystore
              + " as PKCS12 (wrong password, or not a PKCS12 file): "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public String toString() {
    return "TlsConfig[keystore=" + keystore + ", password=redacted]";
  }
}
