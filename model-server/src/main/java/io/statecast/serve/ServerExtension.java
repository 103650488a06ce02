package io.statecast.serve;

import io.javalin.Javalin;

/**
 * Something mounted on the model server next to its own APIs, such as the dashboard ({@code
 * io.statecast.dashboard}): it registers its routes on the server's Javalin app, behind the same
 * {@link Access} guard, rate limit, error shape and request metrics as every other endpoint.
 *
 * <p>The server calls {@link #register} once, before it starts listening, and {@link #close} when
 * it stops, before the HTTP server goes down (so long-lived responses such as server-sent event
 * streams can end first). Whatever else the extension owns (threads, Kafka clients) belongs to
 * whoever created it.
 */
public interface ServerExtension extends AutoCloseable {

  /**
   * Adds the extension's routes. Declare {@link Access#PUBLIC} on routes anyone may read (static
   * assets); routes without a role are {@link Access#READ}.
   */
  void register(Javalin app);

  /** Ends the extension's open responses; the server is about to stop. Must not throw. */
  @Override
  default void close() {}
}
