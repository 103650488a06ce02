package io.statecast.train;

import java.util.List;
import java.util.Locale;

/**
 * The loss curve of a run as a self-contained HTML page with an inline SVG (no script, no network):
 * training and validation loss per epoch, the kept epoch marked.
 */
final class LossCurve {

  private static final int W = 720;
  private static final int H = 360;
  private static final int PAD = 50;

  private LossCurve() {}

  static String html(String title, TrainingResult r) {
    List<EpochStats> h = r.history();
    double[] range = range(h);
    double lo = range[0];
    double hi = range[1];
    StringBuilder svg = new StringBuilder();
    svg.append(
        f(
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'"
                + " font-size='12'>",
            W, H));
    svg.append(
        f(
            "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>",
            PAD, 10, W - PAD - 10, H - PAD - 10));
    axes(svg, lo, hi, h.size());
    svg.append(line(h, lo, hi, true, "#1f77b4"));
    svg.append(line(h, lo, hi, false, "#d62728"));
    if (r.bestEpoch() > 0) {
      double x = x(r.bestEpoch(), h.size());
      svg.append(
          f(
              "<line x1='%.1f' y1='10' x2='%.1f' y2='%d' stroke='#2ca02c'"
                  + " stroke-dasharray='4 3'/>",
              x, x, H - PAD));
    }
    svg.append(f("<text x='%d' y='%d' fill='#1f77b4'>training</text>", W - 200, 28));
    svg.append(f("<text x='%d' y='%d' fill='#d62728'>validation</text>", W - 130, 28));
    svg.append(
        f("<text x='%d' y='%d' fill='#2ca02c'>kept epoch %d</text>", W - 200, 44, r.bestEpoch()));
    svg.append("</svg>");
    return "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>"
        + escape(title)
        + " loss</title></head><body>\n<h3>"
        + escape(title)
        + ": loss per epoch (normalised units)</h3>\n"
        + svg
        + "\n<p>"
        + escape(r.stoppedBecause())
        + f("; %.1f s.</p>\n", r.seconds())
        + "</body></html>\n";
  }

  /** The loss range {@code [lo, hi]} of the plot. */
  private static double[] range(List<EpochStats> h) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (EpochStats e : h) {
      for (double v : new double[] {e.trainLoss(), e.validationLoss()}) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(hi > lo)) {
      lo = Double.isFinite(lo) ? lo - 1 : 0;
      hi = lo + 2;
    }
    return new double[] {lo, hi};
  }

  private static void axes(StringBuilder svg, double lo, double hi, int n) {
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      svg.append(f("<text x='4' y='%.1f'>%.4f</text>", y(v, lo, hi) + 4, v));
    }
    svg.append(f("<text x='%d' y='%d'>epoch 1</text>", PAD, H - PAD + 16));
    svg.append(
        f(
            "<text x='%d' y='%d' text-anchor='end'>epoch %d</text>",
            W - 10, H - PAD + 16, Math.max(n, 1)));
  }

  private static String line(List<EpochStats> h, double lo, double hi, boolean train, String c) {
    StringBuilder p = new StringBuilder();
    for (EpochStats e : h) {
      double v = train ? e.trainLoss() : e.validationLoss();
      if (Double.isFinite(v)) {
        p.append(f("%.1f,%.1f ", x(e.epoch(), h.size()), y(v, lo, hi)));
      }
    }
    return f("<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>", c, p);
  }

  private static double x(int epoch, int n) {
    return PAD + (W - PAD - 10) * (n <= 1 ? 0.5 : (epoch - 1) / (double) (n - 1));
  }

  private static double y(double v, double lo, double hi) {
    return 10 + (H - PAD - 10) * (1 - (v - lo) / (hi - lo));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
