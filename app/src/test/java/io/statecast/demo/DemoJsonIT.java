package io.statecast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.app.Statecast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code statecast demo --value-format json}: the whole embedded system in JSON, briefly (a few
 * seconds of the synthetic data set through the standard model, which needs no training). While it
 * runs, the demo's dashboard decodes the JSON topics (observations and forecasts counted, nothing
 * undecodable); at the end the summary has a forecast for every observation and no dead letter.
 */
class DemoJsonIT {

  private static final Pattern DASHBOARD = Pattern.compile("dashboard at (\\S+);");
  private static final Pattern COUNT = Pattern.compile("%s\\s+([\\d,]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theWholeDemoRunsInJson() throws Exception {
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                runDemo(
                    out,
                    "demo",
                    "--value-format",
                    "json",
                    "--dataset",
                    "synthetic",
                    "--keys",
                    "20",
                    "--speed",
                    "40",
                    "--duration",
                    "8s",
                    "--server-port",
                    "0",
                    "--web-port",
                    "0",
                    "--parallelism",
                    "1"));

    URI dashboard = awaitDashboard(out, demo);
    JsonNode stream =
        await("the dashboard decodes the JSON observations and forecasts")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  if (demo.isDone()) {
                    throw new AssertionError("the demo ended first:\n" + out);
                  }
                  return JSON.readTree(get(dashboard.resolve("api/summary"))).path("stream");
                },
                s ->
                    s.at("/observations/total").asLong() > 0
                        && s.at("/forecasts/total").asLong() > 0);
    assertThat(stream.path("undecodable").size()).as(stream.toString()).isZero();

    int code = demo.get(3, TimeUnit.MINUTES);
    String log = out.toString();
    assertThat(code).as(log).isZero();
    assertThat(log).contains("as json");
    long in = count(log, "observations in");
    assertThat(in).as(log).isPositive();
    assertThat(count(log, "forecasts out")).as(log).isEqualTo(in);
    assertThat(count(log, "dead letters")).as(log).isZero();
  }

  private static long count(String log, String what) {
    Matcher m = Pattern.compile(String.format(COUNT.pattern(), Pattern.quote(what))).matcher(log);
    assertThat(m.find()).as("'%s' in the summary:%n%s", what, log).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private URI awaitDashboard(StringWriter out, CompletableFuture<Integer> demo) {
    return await("the demo prints its dashboard's address")
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (demo.isDone()) {
                throw new AssertionError("the demo ended first:\n" + out + "\nexit " + demo.join());
              }
              Matcher m = DASHBOARD.matcher(out.toString());
              return m.find() ? URI.create(m.group(1)) : null;
            },
            u -> u != null);
  }

  private String get(URI uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private int runDemo(StringWriter out, String... args) {
    String previous = System.getProperty("statecast.home");
    System.setProperty("statecast.home", home.toString());
    try {
      CommandLine cli = new CommandLine(new Statecast());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      return cli.execute(args);
    } finally {
      if (previous == null) {
        System.clearProperty("statecast.home");
      } else {
        System.setProperty("statecast.home", previous);
      }
    }
  }
}
