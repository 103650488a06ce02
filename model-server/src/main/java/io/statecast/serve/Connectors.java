package io.statecast.serve;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The server's one listening connector: plain HTTP, or HTTPS when a keystore is configured. */
final class Connectors {

  private Connectors() {}

  static Connector create(Server server, HttpConfiguration http, ServerConfig config) {
    ServerConnector connector;
    if (config.tls() == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      HttpConfiguration https = new HttpConfiguration(http);
      https.addCustomizer(new SecureRequestCustomizer());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(config.tls().keystore().toAbsolutePath().toString());
      ssl.setKeyStorePassword(config.tls().password());
      ssl.setKeyStoreType("PKCS12");
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
              new HttpConnectionFactory(https));
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    return connector;
  }
}
