package io.statecast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.app.Statecast;
import io.statecast.testing.browser.Chromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine;

/**
 * {@code statecast demo} end to end on a small CSV in a fresh project directory, as a newcomer runs
 * it: the model is trained on first use (no artifact there yet), the data set is replayed through
 * the in-process broker and the MiniCluster, and, while it runs, the demo's model server answers
 * (the dashboard page, the KServe v2 metadata of the demo's model, the dashboard's stream counting
 * the replayed observations) and a real browser opening the plain dashboard address finds the shown
 * keys watched and charted (skipped without Debian's Chromium). At the end the summary accounts for
 * every observation.
 */
class DemoIT {

  private static final int KEYS = 3;
  private static final int DAYS = 160;
  private static final Pattern URLS =
      Pattern.compile("dashboard at (\\S+); model server at (\\S+) \\(model '([^']+)'");
  private static final Path ARTIFACTS = Path.of("target", "demo-it");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFreshCheckoutTrainsItsModelThenReplaysAndServesItsDashboard() throws Exception {
    Path csv = home.resolve("weekly.csv");
    Files.writeString(csv, weeklySeries());
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                runDemo(
                    out,
                    "--dataset",
                    csv.toString(),
                    "--speed",
                    "30", // 480 events: 16 s of replay to look at the server while it runs
                    "--server-port",
                    "0",
                    "--web-port",
                    "0",
                    "--parallelism",
                    "1",
                    "--show",
                    "site-1,site-2"));

    Matcher urls = awaitServer(out, demo);
    URI dashboard = URI.create(urls.group(1));
    URI server = URI.create(urls.group(2));
    String model = urls.group(3);
    assertThat(model).isEqualTo("weekly");

    HttpResponse<String> page = get(dashboard);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Statecast");
    JsonNode metadata = JSON.readTree(get(server.resolve("v2/models/" + model)).body());
    assertThat(metadata.get("name").asText()).isEqualTo(model);
    assertThat(metadata.get("versions")).isNotEmpty();
    JsonNode defaults = JSON.readTree(get(dashboard.resolve("api/defaults")).body());
    assertThat(defaults.get("watch").toString()).isEqualTo("[\"site-1\",\"site-2\"]");
    await("the dashboard's stream counts replayed observations")
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> observationsSeen(dashboard) > 0);
    if (Chromium.available()) {
      watchInABrowser(dashboard);
    }

    int code = demo.get(5, TimeUnit.MINUTES);
    String log = out.toString();
    System.out.println(log);
    assertThat(code).as(log).isZero();
    assertThat(log).contains("no model for weekly yet: training one");
    assertThat(home.resolve(".statecast/models/weekly/manifest.sha256")).exists();
    assertThat(home.resolve(".statecast/models/weekly/loss-curve.html")).exists();
    int n = KEYS * DAYS;
    assertThat(log)
        .contains(String.format(Locale.ROOT, "observations in   %,d", n))
        .contains(String.format(Locale.ROOT, "forecasts out     %,d", n))
        .contains("dead letters      0");
  }

  /**
   * {@code --value-format json}: the whole embedded system in JSON, briefly (a few seconds of the
   * synthetic data set through the standard model, which needs no training). While it runs, the
   * dashboard decodes the JSON topics (observations and forecasts counted, nothing undecodable); at
   * the end the summary has a forecast for every observation and no dead letter.
   */
  @Test
  void theWholeDemoRunsInJson() throws Exception {
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> demo =
        CompletableFuture.supplyAsync(
            () ->
                runDemo(
                    out,
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

    URI dashboard = URI.create(awaitServer(out, demo).group(1));
    JsonNode stream =
        await("the dashboard decodes the JSON observations and forecasts")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> JSON.readTree(get(dashboard.resolve("api/summary")).body()).path("stream"),
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
    Matcher m = Pattern.compile(Pattern.quote(what) + "\\s+([\\d,]+)").matcher(log);
    assertThat(m.find()).as("'%s' in the summary:%n%s", what, log).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** The plain address, as printed: the page watches the demo's shown keys and charts them. */
  private static void watchInABrowser(URI dashboard) throws Exception {
    ChromeDriver browser = Chromium.start(Files.createTempDirectory("demo-it-"), ARTIFACTS);
    try {
      browser.get(dashboard.toString());
      JavascriptExecutor js = browser;
      await("the page watches the demo's shown keys")
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> js.executeScript("return window.statecast.watched()"),
              w -> w != null && List.of("site-1", "site-2").equals(w));
      await("a shown key's chart has points")
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  ((Number) js.executeScript("return window.statecast.chartPoints('site-1')"))
                      .longValue(),
              points -> points > 0);
      Files.write(ARTIFACTS.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }

  private Matcher awaitServer(StringWriter out, CompletableFuture<Integer> demo) {
    Matcher[] found = new Matcher[1];
    await("the demo prints its dashboard's address")
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (demo.isDone()) {
                throw new AssertionError("the demo ended first:\n" + out + "\nexit " + demo.join());
              }
              Matcher m = URLS.matcher(out.toString());
              found[0] = m;
              return m.find();
            });
    return found[0];
  }

  private long observationsSeen(URI dashboard) throws Exception {
    JsonNode summary = JSON.readTree(get(dashboard.resolve("api/summary")).body());
    return summary.get("stream").get("observations").get("total").asLong();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int runDemo(StringWriter out, String... args) {
    String previous = System.getProperty("statecast.home");
    System.setProperty("statecast.home", home.toString());
    try {
      CommandLine cli = new CommandLine(new Statecast());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      return cli.execute(args.length == 0 ? new String[0] : prepend("demo", args));
    } finally {
      if (previous == null) {
        System.clearProperty("statecast.home");
      } else {
        System.setProperty("statecast.home", previous);
      }
    }
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** Three keys with a weekly pattern, noise and different levels. */
  private static String weeklySeries() {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder("key,date,value\n");
    LocalDate start = LocalDate.of(2023, 1, 1);
    for (int k = 0; k < KEYS; k++) {
      for (int d = 0; d < DAYS; d++) {
        double v = (k + 1) * 100 + 30 * Math.sin(2 * Math.PI * d / 7.0) + 5 * r.nextGaussian();
        b.append("site-")
            .append(k)
            .append(',')
            .append(start.plusDays(d))
            .append(',')
            .append(String.format(Locale.ROOT, "%.2f", v))
            .append('\n');
      }
    }
    return b.toString();
  }
}
