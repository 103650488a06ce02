package io.statecast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.app.Statecast;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code statecast demo} end to end on a small CSV in a fresh project directory: the model is
 * trained on first use (no artifact there yet), the data set is replayed through the in-process
 * broker and the MiniCluster, and the summary accounts for every observation.
 */
class DemoIT {

  private static final int KEYS = 3;
  private static final int DAYS = 160;

  @TempDir Path home;

  @Test
  void aFreshCheckoutTrainsItsModelThenReplaysEveryObservation() throws Exception {
    Path csv = home.resolve("weekly.csv");
    Files.writeString(csv, weeklySeries());
    StringWriter out = new StringWriter();
    String previous = System.getProperty("statecast.home");
    System.setProperty("statecast.home", home.toString());
    int code;
    try {
      CommandLine cli = new CommandLine(new Statecast());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(out, true));
      code =
          cli.execute(
              "demo",
              "--dataset",
              csv.toString(),
              "--speed",
              "max",
              "--server-port",
              "0",
              "--web-port",
              "0",
              "--parallelism",
              "1");
    } finally {
      if (previous == null) {
        System.clearProperty("statecast.home");
      } else {
        System.setProperty("statecast.home", previous);
      }
    }
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
