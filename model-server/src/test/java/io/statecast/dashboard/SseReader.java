package io.statecast.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a server-sent event stream on a thread of its own; tests take its events with a bound. */
final class SseReader implements AutoCloseable {

  /** One event. */
  record Event(String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;
  private final Thread thread;
  final int status;

  SseReader(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "text/event-stream");
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> res =
        HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    this.status = res.statusCode();
    this.body = res.body();
    this.thread = new Thread(this::read, "test-sse-reader");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name, data.toString()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** The next event named {@code name} within {@code timeout} (others are skipped), or null. */
  Event next(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      Event e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e != null && e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
