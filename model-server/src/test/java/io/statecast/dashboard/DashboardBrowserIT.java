package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.testing.browser.Chromium;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (given explicitly, so Selenium Manager never looks for, let alone downloads, a
 * browser or a driver). A stand-in for the job streams real Chicago ridership through a model into
 * an in-process broker; the test picks keys on the page, checks that a picked key's chart grows as
 * events arrive, and saves a screenshot to {@code target/dashboard-it/dashboard.png}.
 *
 * <p>Skipped (an assumption, with the reason) where {@code /usr/bin/chromium} or {@code
 * /usr/bin/chromedriver} is absent: {@code apt-get install chromium chromium-driver}. Select it
 * with {@code -Dgroups=browser}.
 */
@Tag("browser")
class DashboardBrowserIT {

  private static final Path ARTIFACTS = Path.of("target", "dashboard-it");
  private static final Set<String> STATIONS =
      Set.of("Clark_Lake", "Belmont", "Austin", "Addison", "Monroe", "Washington_Wells");
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final double HALF_WIDTH = 2.0; // thousands of entries: an 80% band 4 wide
  private static final int SPIKE_DAY = 100; // Clark_Lake's entries tripled that day
  private static final String CATCH_ERRORS =
      "window.__errors = [];"
          + "addEventListener('error', e => __errors.push(String(e.message)));"
          + "addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));";

  @TempDir static Path tmp;

  @RegisterExtension
  final EmbeddedKafkaExtension embedded =
      EmbeddedKafkaExtension.create()
          .withTopic("observations", 2)
          .withTopic("forecasts", 2)
          .withTopic("dead-letters", 1)
          .withTopic("late-events", 1)
          .withTopic("anomalies", 1);

  @Test
  void aPickedKeysChartUpdatesAsEventsArrive() throws Exception {
    assumeTrue(Chromium.available(), Chromium.MISSING);
    Files.createDirectories(ARTIFACTS);
    run(embedded.broker());
  }

  private void run(EmbeddedKafka kafka) throws Exception {
    Path root = tmp.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(root, new LoggingModelUpdatePublisher());
    ModelArtifact model =
        SeasonalModel.writeQuantile(tmp.resolve("model"), "ridership", 1, 5, HALF_WIDTH);
    registry.add(model.directory());
    registry.promote("ridership", 1, StatePolicy.RESET, "browser test");
    List<List<Observation>> days = Ridership.lastDays(STATIONS, 120);
    spike(days.get(SPIKE_DAY), "Clark_Lake");

    DashboardConfig config =
        DashboardConfig.builder(kafka.bootstrapServers())
            .optStartFrom(StartFrom.EARLIEST)
            .optModels(GateModelSource.registry(root))
            .build();
    ServerConfig serverConfig =
        ServerConfig.builder(root).optPort(0).optEngine(Engine.of(EngineKind.REFERENCE)).build();
    try (DashboardService dashboard = DashboardService.start(config);
        StatecastServer server =
            StatecastServer.start(
                serverConfig, new LoggingModelUpdatePublisher(), List.of(dashboard.routes()));
        StandInJob job = new StandInJob(kafka, model)) {
      for (List<Observation> day : days.subList(0, 90)) {
        job.run(day);
      }
      job.reject("dead-letters", ErrorKind.NON_FINITE_VALUE, "Belmont", "target is NaN");
      job.reject("dead-letters", ErrorKind.UNDECODABLE, "", "not Avro single-object encoding");
      job.reject("late-events", ErrorKind.LATE_EVENT, "Austin", "2 days behind the watermark");

      ChromeDriver browser = Chromium.start(tmp, ARTIFACTS);
      try {
        browser.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", CATCH_ERRORS));
        URI page = DashboardService.url(server);
        browser.get(page.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        JavascriptExecutor js = browser;
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return window.statecast.live()")));
        assertThat(browser.getTitle()).startsWith("Statecast");

        // Pick a key from the search box's suggestions. The list is redrawn as keys arrive, so a
        // click can land on a button that is being replaced: click again until the key's card is
        // there (typing the prefix again if the list has gone).
        By card = By.cssSelector("section[data-key='Clark_Lake']");
        By suggestion = By.cssSelector("#suggestion-list button[data-key='Clark_Lake']");
        browser.findElement(By.id("search")).sendKeys("clark");
        wait.until(
            d -> {
              if (d.findElements(card).isEmpty()) {
                List<WebElement> offered = d.findElements(suggestion);
                if (!offered.isEmpty()) {
                  offered.get(0).click();
                } else if (!"clark"
                    .equals(d.findElement(By.id("search")).getDomProperty("value"))) {
                  d.findElement(By.id("search")).clear();
                  d.findElement(By.id("search")).sendKeys("clark");
                }
              }
              return !d.findElements(card).isEmpty();
            });
        // And one by typing it whole.
        WebElement search = browser.findElement(By.id("search"));
        search.clear();
        search.sendKeys("Belmont");
        browser.findElement(By.id("watch")).click();

        wait.until(d -> "90".equals(d.findElement(card).getDomAttribute("data-points")));
        long before = chartPoints(js, "Clark_Lake");
        assertThat(before).isEqualTo(90);

        // More events arrive, paced like a live stream: the picked key's chart follows.
        for (List<Observation> day : days.subList(90, 120)) {
          job.run(day);
          Thread.sleep(100);
        }
        wait.until(d -> "120".equals(d.findElement(card).getDomAttribute("data-points")));
        assertThat(chartPoints(js, "Clark_Lake")).isEqualTo(120).isGreaterThan(before);
        wait.until(
            d ->
                "120"
                    .equals(
                        d.findElement(By.cssSelector("section[data-key='Belmont']"))
                            .getDomAttribute("data-points")));
        assertThat(browser.findElement(card).findElement(By.className("model")).getText())
            .isEqualTo("ridership v1");
        assertThat(browser.findElement(card).findElement(By.className("mae")).getText())
            .isNotEqualTo("–");

        wait.until(
            d ->
                d.findElement(By.id("gates-label"))
                    .getText()
                    .startsWith("gate values of 6 sampled keys"));
        wait.until(d -> d.findElement(By.id("fc-total")).getText().equals("720 total"));
        // The interval band (filled between its edges) and the anomaly marks, drawn on the canvas:
        // every point but the first has the band; the injected spike is among the marks.
        long spike = spikeTime(days);
        wait.until(d -> marks(js, "Clark_Lake").contains(spike));
        wait.until(d -> Long.valueOf(119).equals(drawn(js, "Clark_Lake").get("band")));
        assertThat(drawn(js, "Clark_Lake").get("filled")).isEqualTo(true);
        assertThat((Long) drawn(js, "Clark_Lake").get("marks")).isPositive();
        assertThat(browser.findElement(By.id("dlq-total")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("late-total")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("latency")).getText()).contains("ms");
        assertThat(js.executeScript("return window.__errors")).asList().isEmpty();
        assertThat(browser.getCurrentUrl()).endsWith("#key=Clark_Lake&key=Belmont");

        Thread.sleep(300); // one more push, so the rates shown are the latest
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(ARTIFACTS.resolve("dashboard.png"), png);
        assertThat(png.length).isGreaterThan(20_000);
      } finally {
        browser.quit();
      }
    }
  }

  /** Multiplies {@code key}'s entries on {@code day} by three: an anomaly the job must flag. */
  private static void spike(List<Observation> day, String key) {
    for (Observation o : day) {
      if (o.getKey().equals(key)) {
        o.setTarget(o.getTarget() * 3);
      }
    }
  }

  private static long spikeTime(List<List<Observation>> days) {
    return days.get(SPIKE_DAY).stream()
        .filter(o -> o.getKey().equals("Clark_Lake"))
        .findFirst()
        .orElseThrow()
        .getEventTime();
  }

  /**
   * What {@code key}'s chart drew: {@code band} and {@code marks} points, whether {@code filled}.
   */
  private static Map<?, ?> drawn(JavascriptExecutor js, String key) {
    return (Map<?, ?>) js.executeScript("return window.statecast.drawn(arguments[0])", key);
  }

  /** The event times of the anomaly marks of {@code key}'s chart. */
  @SuppressWarnings("unchecked")
  private static List<Long> marks(JavascriptExecutor js, String key) {
    return (List<Long>) js.executeScript("return window.statecast.markTimes(arguments[0])", key);
  }

  private static long chartPoints(JavascriptExecutor js, String key) {
    return (Long) js.executeScript("return window.statecast.chartPoints(arguments[0])", key);
  }
}
