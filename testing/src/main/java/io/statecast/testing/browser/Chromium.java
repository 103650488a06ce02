package io.statecast.testing.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by Selenium through Debian's chromedriver (given explicitly,
 * so Selenium Manager never looks for, let alone downloads, a browser or a driver), with the flags
 * that keep it off the closed network.
 */
public final class Chromium {

  public static final Path BINARY = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Why a browser test is skipped where the browser is missing. */
  public static final String MISSING =
      "the browser test needs Debian's Chromium and its driver (/usr/bin/chromium,"
          + " /usr/bin/chromedriver): apt-get install chromium chromium-driver";

  private Chromium() {}

  /** Whether the browser and its driver are installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
  }

  /**
   * Starts a browser with a fresh profile under {@code tmp}; the driver logs to {@code
   * logDir/chromedriver.log}.
   */
  public static ChromeDriver start(Path tmp, Path logDir) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile-"),
        "--window-size=1440,1800");
    Files.createDirectories(logDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(logDir.resolve("chromedriver.log").toFile())
            .build();
    return new ChromeDriver(service, options);
  }
}
