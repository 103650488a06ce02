package io.statecast.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The server's Prometheus metrics (official client, text exposition format 0.0.4). Request rates
 * come from counters ({@code rate(statecast_http_requests_total[1m])}), latencies and batch sizes
 * from classic histograms. Labels are bounded: endpoints are route templates, not raw paths, and
 * models are registry ids.
 */
final class ServerMetrics {

  private static final double[] LATENCY_BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  final Counter requests =
      Counter.builder()
          .name("statecast_http_requests_total")
          .help("HTTP requests by endpoint (route template), method and status code.")
          .labelNames("endpoint", "method", "status")
          .register(registry);
  final Histogram latency =
      Histogram.builder()
          .name("statecast_http_request_duration_seconds")
          .help("Time from receiving a request to its response, by endpoint and method.")
          .labelNames("endpoint", "method")
          .classicOnly()
          .classicUpperBounds(LATENCY_BOUNDS)
          .register(registry);
  final Histogram batchSize =
      Histogram.builder()
          .name("statecast_batch_size")
          .help("Keys stepped together in one kernel call (one wave) of the stateful API.")
          .labelNames("model")
          .classicOnly()
          .classicUpperBounds(BATCH_BOUNDS)
          .register(registry);
  final Histogram waveSeconds =
      Histogram.builder()
          .name("statecast_wave_duration_seconds")
          .help("Time of one wave: gather states, encode, step the kernel, scatter.")
          .labelNames("model")
          .classicOnly()
          .classicUpperBounds(LATENCY_BOUNDS)
          .register(registry);
  final Counter steps =
      Counter.builder()
          .name("statecast_steps_total")
          .help("Observations stepped into per-key states (stateful API).")
          .labelNames("model")
          .register(registry);
  final Counter inferenceSteps =
      Counter.builder()
          .name("statecast_inference_steps_total")
          .help("Cell steps of stateless inference (windows times their length).")
          .labelNames("model")
          .register(registry);
  final Gauge keys =
      Gauge.builder()
          .name("statecast_keys")
          .help("Keys whose state the server holds, by model.")
          .labelNames("model")
          .register(registry);
  final Counter keysExpired =
      Counter.builder()
          .name("statecast_keys_expired_total")
          .help("Keys forgotten after their TTL.")
          .labelNames("model")
          .register(registry);
  final Counter rejected =
      Counter.builder()
          .name("statecast_rejected_requests_total")
          .help("Requests refused before reaching an endpoint, by reason.")
          .labelNames("reason")
          .register(registry);

  /** The content type of {@link #write}. */
  String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric in the Prometheus text format. */
  void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
