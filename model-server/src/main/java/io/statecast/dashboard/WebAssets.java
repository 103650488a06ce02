package io.statecast.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read from the class path once: the page, its script and style (under {@code
 * io/statecast/dashboard/web/}) and Chart.js's UMD build from its WebJar ({@code
 * org.webjars.npm:chart.js}, whose version {@code dashboard.properties} records at build time). No
 * CDN: the page works on a machine without internet access.
 */
final class WebAssets {

  /** A file to serve. */
  record Asset(byte[] bytes, String contentType) {}

  private static final String WEB = "/io/statecast/dashboard/web/";

  private final Map<String, Asset> assets;

  private WebAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /**
   * Reads every file now, so a packaging mistake fails at start, not in a browser.
   *
   * @throws IllegalStateException when one is missing
   */
  static WebAssets load() {
    String chart = "/META-INF/resources/webjars/chart.js/" + version() + "/dist/chart.umd.min.js";
    return new WebAssets(
        Map.of(
            "index.html", asset(WEB + "index.html", "text/html; charset=utf-8"),
            "app.js", asset(WEB + "app.js", "text/javascript; charset=utf-8"),
            "app.css", asset(WEB + "app.css", "text/css; charset=utf-8"),
            "chart.umd.min.js", asset(chart, "text/javascript; charset=utf-8")));
  }

  /** The file called {@code name}, or null. */
  Asset get(String name) {
    return assets.get(name);
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = WebAssets.class.getResourceAsStream("dashboard.properties")) {
      if (in == null) {
        throw new IllegalStateException("dashboard.properties is missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("chartjs.version");
  }

  private static Asset asset(String path, String type) {
    try (InputStream in = WebAssets.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "the dashboard's " + path + " is missing from the class path");
      }
      return new Asset(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
