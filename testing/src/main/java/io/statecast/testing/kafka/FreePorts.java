package io.statecast.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1, found by binding port 0 and closing the socket.
 *
 * <p>KRaft needs its ports before it binds them (the controller's port is part of {@code
 * controller.quorum.voters}), and a restart must find the broker at the same address, so the broker
 * cannot simply bind port 0. Another process may take a port between this probe and the broker's
 * bind; {@link EmbeddedKafka} then retries with new ports.
 */
final class FreePorts {
  private FreePorts() {}

  /** Whether {@code port} can be bound on 127.0.0.1 now. */
  static boolean isFree(int port) {
    try (ServerSocket socket =
        new ServerSocket(port, 1, InetAddress.getByName(BrokerProperties.HOST))) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago. */
  static int pick() {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByName(BrokerProperties.HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + BrokerProperties.HOST, e);
    }
  }
}
