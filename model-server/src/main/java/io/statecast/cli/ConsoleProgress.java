package io.statecast.cli;

import io.statecast.train.EpochStats;
import io.statecast.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The training progress bar: on a terminal one line redrawn in place (at most five times a second)
 * with the epoch, a bar, the latest loss, the best validation loss and the time left if every epoch
 * runs (early stopping usually ends sooner); elsewhere one line per epoch.
 */
public final class ConsoleProgress implements TrainingListener {

  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final boolean interactive;
  private long start;
  private long lastDraw;
  private int maxEpochs;
  private int perEpoch;
  private long done;
  private double bestValidation = Double.NaN;

  public ConsoleProgress(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void started(int maxEpochs, int updatesPerEpoch) {
    this.start = System.nanoTime();
    this.maxEpochs = maxEpochs;
    this.perEpoch = Math.max(1, updatesPerEpoch);
  }

  @Override
  public void updated(int epoch, int update, double loss) {
    done++;
    long now = System.nanoTime();
    if (!interactive || now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    double frac = Math.min(1.0, update / (double) perEpoch);
    int filled = (int) Math.round(frac * WIDTH);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    out.print(
        String.format(
            Locale.ROOT,
            "\repoch %d/%d [%s] loss %.4f  best val %.4f  %s  ETA ≤ %s   ",
            epoch,
            maxEpochs,
            bar,
            loss,
            bestValidation,
            clock(seconds(now)),
            clock(eta(epoch, update, now))));
    out.flush();
  }

  @Override
  public void epochDone(EpochStats s) {
    if (s.improved() || Double.isNaN(bestValidation)) {
      bestValidation = Math.min(s.validationLoss(), nanToInf(bestValidation));
    }
    String line =
        String.format(
            Locale.ROOT,
            "epoch %d/%d  train %.4f  val %.4f%s  lr %.2g%s  %s  ETA ≤ %s",
            s.epoch(),
            maxEpochs,
            s.trainLoss(),
            s.validationLoss(),
            s.improved() ? " *" : "  ",
            s.learningRate(),
            s.temperature() != 1.0 ? String.format(Locale.ROOT, "  τ %.3f", s.temperature()) : "",
            clock(s.seconds()),
            clock(s.seconds() / s.epoch() * (maxEpochs - s.epoch())));
    out.print((interactive ? "\r" : "") + line + " ".repeat(interactive ? 12 : 0) + "\n");
    out.flush();
  }

  private double seconds(long now) {
    return (now - start) / 1e9;
  }

  private double eta(int epoch, int update, long now) {
    long total = (long) maxEpochs * perEpoch;
    double perUpdate = seconds(now) / Math.max(1, done);
    return perUpdate * Math.max(0, total - ((long) (epoch - 1) * perEpoch + update));
  }

  private static double nanToInf(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
