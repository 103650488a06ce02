package io.statecast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench.html}: one self-contained page (inline SVG, no scripts, nothing fetched) with the
 * kernel throughput against batch size on log-log axes, bars for the other sections, and the ratios
 * against their targets.
 */
final class BenchPlot {

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int W = 640;
  private static final int H = 360;
  private static final int PAD = 60;

  private BenchPlot() {}

  static String html(JsonNode report) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>statecast bench</title>")
        .append("<style>body{font-family:sans-serif;max-width:760px;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;")
        .append("text-align:right}</style></head><body><h1>statecast bench</h1>");
    JsonNode m = report.path("machine");
    sb.append(
        esc(
            String.format(
                Locale.ROOT,
                "%s · %s · %d CPUs (%s) · %s · heap on %s · %s%s",
                report.path("date").asText(),
                m.path("cpu").asText(),
                m.path("cpus").asInt(),
                m.path("cpu_flags").asText(),
                m.path("java").asText(),
                m.path("heap_pages").asText("?"),
                report.path("model").asText(),
                report.path("quick").asBoolean() ? " · quick" : "")));
    if (report.has("kernel")) {
      sb.append("<h2>kernel: events/s of one batched step</h2>")
          .append(kernelChart(report.path("kernel")));
      coreLimit(sb, report.path("kernel").path("core_limit"));
    }
    if (report.has("naive")) {
      sb.append("<h2>naive: eight products vs one vs the fast kernel, events/s</h2>")
          .append(kernelChart(report.path("naive")));
    }
    bars(
        sb,
        "stateless vs stateful (events/s)",
        report.path("stateless"),
        "stateful_events_per_s",
        "stateless_events_per_s");
    pipelineBars(sb, "e2e: Kafka → job → Kafka (events/s)", report.path("e2e"));
    pipelineBars(sb, "flink: the job without Kafka (events/s)", report.path("flink"));
    if (report.has("resident")) {
      sb.append("<h2>resident: states on the host vs on the DJL device (")
          .append(esc(report.path("resident").path("device").asText()))
          .append("), events/s</h2>")
          .append(kernelChart(report.path("resident")));
    }
    bars(
        sb,
        "state: bytes per key",
        report.path("state"),
        "raw_hc_bytes",
        "serialized_bytes",
        "heap_bytes",
        "heap_with_key_and_entry_bytes");
    sb.append("<h2>ratios</h2><table><tr><th>what</th><th>value</th><th>target</th><th></th></tr>");
    for (JsonNode r : ratios(report)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<tr><td style=\"text-align:left\">%s</td><td>%.3g</td><td>%s %.3g</td><td>%s</td></tr>",
              esc(r.path("what").asText()),
              r.path("value").asDouble(Double.NaN),
              r.path("at_most").asBoolean() ? "≤" : "≥",
              r.path("target").asDouble(),
              r.path("met").isBoolean() ? (r.path("met").asBoolean() ? "met" : "not met") : "—"));
    }
    return sb.append("</table></body></html>\n").toString();
  }

  /** The kernel section's distance to one core's FMA peak, when it was measured. */
  private static void coreLimit(StringBuilder sb, JsonNode limit) {
    if (!limit.has("fma_peak_gflops")) {
      return;
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<p>One core's FMA peak %.1f GFLOP/s (12 chains on registers); gate tile (k %d, n %d)"
                + " %.1f GFLOP/s = %.0f %% of it. Products per event: %,d FLOP.</p>"
                + "<table><tr><th>step</th><th>events/s</th><th>GFLOP/s</th><th>of peak</th></tr>",
            limit.path("fma_peak_gflops").asDouble(),
            limit.path("gate_tile_k").asInt(),
            limit.path("gate_tile_n").asInt(),
            limit.path("gate_tile_gflops").asDouble(),
            100 * limit.path("gate_tile_of_peak").asDouble(),
            limit.path("flops_per_event").asLong()));
    int batch = KernelSection.RATIO_BATCH; // CoreLimitReport's steps are at the headline batch
    for (Iterator<Map.Entry<String, JsonNode>> it = limit.path("steps_b" + batch).fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode step = e.getValue();
      sb.append(
          String.format(
              Locale.ROOT,
              "<tr><td style=\"text-align:left\">%s, batch %d</td><td>%,.0f</td>"
                  + "<td>%.1f</td><td>%.0f %%</td></tr>",
              esc(e.getKey()),
              batch,
              step.path("events_per_s").asDouble(),
              step.path("gflops").asDouble(),
              100 * step.path("of_peak").asDouble()));
    }
    sb.append("</table>");
  }

  private static List<JsonNode> ratios(JsonNode report) {
    List<JsonNode> out = new ArrayList<>();
    report.path("kernel").path("ratios").forEach(out::add);
    for (String s : List.of("stateless", "e2e")) {
      if (report.path(s).has("ratio")) {
        out.add(report.path(s).path("ratio"));
      }
    }
    if (report.path("e2e").has("ratio_overlapped")) {
      out.add(report.path("e2e").path("ratio_overlapped"));
    }
    if (report.path("e2e").has("rate")) {
      out.add(report.path("e2e").path("rate"));
    }
    report
        .path("resident")
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getKey().startsWith("resident_over_copy")) {
                out.add(f.getValue());
              }
            });
    if (report.path("codec").has("edge_pojo_over_compact")) {
      out.add(report.path("codec").path("edge_pojo_over_compact"));
    }
    if (report.path("state").has("heap_ratio")) {
      out.add(report.path("state").path("heap_ratio"));
    }
    return out;
  }

  /** The pipeline contenders of the e2e and flink sections, as bars. */
  private static void pipelineBars(StringBuilder sb, String title, JsonNode section) {
    if (section.isMissingNode()) {
      return;
    }
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("LSTM", section.path("lstm").path("events_per_s").asDouble());
    v.put(
        "LSTM, overlapped steps", section.path("lstm_overlapped").path("events_per_s").asDouble());
    if (section.has("lstm_all_cores")) {
      v.put(
          "LSTM, kernel on all cores",
          section.path("lstm_all_cores").path("events_per_s").asDouble());
    }
    v.put("identity", section.path("identity").path("events_per_s").asDouble());
    sb.append("<h2>").append(esc(title)).append("</h2>").append(barChart(v));
  }

  private static void bars(StringBuilder sb, String title, JsonNode section, String... fields) {
    if (section.isMissingNode()) {
      return;
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (String f : fields) {
      v.put(f, section.path(f).asDouble());
    }
    sb.append("<h2>").append(esc(title)).append("</h2>").append(barChart(v));
  }

  private static String kernelChart(JsonNode kernel) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (JsonNode r : kernel.path("results")) {
      double y = r.path("events_per_s").asDouble();
      if (y > 0) {
        series
            .computeIfAbsent(r.path("engine").asText(), k -> new ArrayList<>())
            .add(new double[] {r.path("batch").asDouble(), y});
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    double maxBatch =
        series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
    double x1 = Math.log10(Math.max(maxBatch, 10));
    double y0 = Math.floor(Math.log10(Math.max(lo, 1)));
    double y1 = Math.ceil(Math.log10(Math.max(hi, 10)));
    StringBuilder svg = svgStart();
    for (int d = (int) y0; d <= (int) y1; d++) {
      double y = yPos(d, y0, y1);
      svg.append(line(PAD, y, W - 10, y, "#eee")).append(text(PAD - 5, y + 4, "1e" + d, "end"));
    }
    for (double b = 1; b <= maxBatch; b *= 4) {
      double x = PAD + (W - PAD - 10) * Math.log10(b) / x1;
      svg.append(text(x, H - PAD + 16, Long.toString((long) b), "middle"));
    }
    svg.append(text(W / 2.0, H - 15, "batch size (log)", "middle"))
        .append(text(15, H / 2.0, "events/s (log)", "middle"));
    int c = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String color = COLORS[c % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : e.getValue()) {
        double x = PAD + (W - PAD - 10) * Math.log10(p[0]) / x1;
        double y = yPos(Math.log10(p[1]), y0, y1);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        svg.append(
            String.format(
                Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y, color));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>",
              pts,
              color));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"12\">%s</text>",
              PAD + 10,
              20 + 15 * c,
              color,
              esc(e.getKey())));
      c++;
    }
    return svg.append("</svg>").toString();
  }

  private static double yPos(double logValue, double y0, double y1) {
    return (H - PAD) - (H - PAD - 10) * (logValue - y0) / Math.max(1e-9, y1 - y0);
  }

  private static String barChart(Map<String, Double> values) {
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                W,
                30 * values.size() + 10));
    int i = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double w = max > 0 ? (W - 330) * e.getValue() / max : 0;
      int y = 5 + 30 * i++;
      svg.append(text(195, y + 16, e.getKey(), "end"))
          .append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>",
                  y,
                  w,
                  COLORS[0]))
          .append(
              text(205 + w, y + 16, String.format(Locale.ROOT, "%,.0f", e.getValue()), "start"));
    }
    return svg.append("</svg>").toString();
  }

  private static StringBuilder svgStart() {
    return new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">"
                    + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>",
                W,
                H))
        .append(line(PAD, H - PAD, W - 10, H - PAD, "#333"))
        .append(line(PAD, 10, PAD, H - PAD, "#333"));
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static String text(double x, double y, String s, String anchor) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        esc(s));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
