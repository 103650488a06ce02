package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.cli.CliErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code statecast bench} in tiny configurations: structure of the report, never timings. */
class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void writesKernelAndStatelessResultsAsPositiveFiniteNumbers() throws Exception {
    String printed =
        run(
            "--quick",
            "--sections",
            "kernel,stateless",
            "--batches",
            "4,256",
            "--rounds",
            "1",
            "--round-ms",
            "5",
            "--kernels",
            "fast,reference",
            "--no-torch");

    JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(r.path("quick").asBoolean()).isTrue();
    assertThat(r.path("machine").path("cpus").asInt()).isPositive();
    assertThat(r.path("machine").path("heap_pages").asText())
        .matches(
            "(transparent huge pages|base pages) \\(JVM UseTransparentHugePages (on|off),"
                + " kernel THP \\S+\\)");
    JsonNode kernel = r.path("kernel");
    assertThat(kernel.path("torch").asText()).startsWith("skipped:");
    assertThat(kernel.path("results")).hasSize(3); // FAST at 4 and 256, REFERENCE only up to 64
    for (JsonNode row : kernel.path("results")) {
      assertThat(row.path("engine").asText()).isIn("FAST", "REFERENCE");
      assertPositiveFinite(row.path("events_per_s"));
      assertPositiveFinite(row.path("cpu_events_per_s"));
    }
    assertThat(kernel.path("ratios").path("fast_over_torch_b256").path("target").asDouble())
        .isEqualTo(1.5);
    JsonNode limit = kernel.path("core_limit");
    assertPositiveFinite(limit.path("fma_peak_gflops"));
    assertPositiveFinite(limit.path("gate_tile_gflops"));
    assertThat(limit.path("flops_per_event").asLong()).isEqualTo(411_648);
    assertThat(limit.path("bound_events_per_s").asDouble())
        .isCloseTo(limit.path("fma_peak_gflops").asDouble() * 1e9 / 411_648, within(1e-3));
    JsonNode fastStep = limit.path("steps_b256").path("FAST");
    double fastEvents = fastStep.path("events_per_s").asDouble();
    assertThat(fastEvents).isEqualTo(fastAt256(kernel));
    assertThat(fastStep.path("gflops").asDouble())
        .isCloseTo(fastEvents * 411_648 / 1e9, within(1e-9));
    assertThat(fastStep.path("of_peak").asDouble())
        .isCloseTo(
            fastEvents * 411_648 / (limit.path("fma_peak_gflops").asDouble() * 1e9), within(1e-9));
    JsonNode stateless = r.path("stateless");
    assertPositiveFinite(stateless.path("stateful_events_per_s"));
    assertPositiveFinite(stateless.path("stateless_events_per_s"));
    assertPositiveFinite(stateless.path("ratio").path("value"));
    assertThat(stateless.path("window").asInt()).isEqualTo(64);
    assertThat(r.has("e2e")).isFalse();
    assertThat(Files.readString(dir.resolve("bench.html")))
        .contains("<svg", "One core's FMA peak", "FAST, batch 256")
        .contains("heap on " + r.path("machine").path("heap_pages").asText())
        .doesNotContain("http:/" + "/cdn");
    assertThat(printed)
        .contains("== kernel", "one core's limit", "== stateless", "bench.json")
        .contains("heap: " + r.path("machine").path("heap_pages").asText());
  }

  @Test
  void writesTheResidentComparisonWithACorrectnessCheck() throws Exception {
    String printed =
        run(
            "--quick",
            "--sections",
            "resident",
            "--batches",
            "2,8",
            "--rounds",
            "1",
            "--round-ms",
            "5",
            "--resident-keys",
            "64");

    JsonNode resident =
        new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).path("resident");
    assertThat(resident.path("device").asText()).isEqualTo("cpu()");
    assertThat(resident.path("results")).hasSize(6); // 2 batches × 3 contenders
    for (JsonNode row : resident.path("results")) {
      assertThat(row.path("engine").asText()).isIn("FAST_HOST", "DJL_COPY", "DJL_RESIDENT");
      assertPositiveFinite(row.path("events_per_s"));
    }
    assertThat(resident.path("check_max_abs_err_states").asDouble()).isLessThan(1e-5);
    assertThat(resident.path("check_max_abs_err_forecasts").asDouble()).isLessThan(1e-5);
    assertPositiveFinite(resident.path("write_back_ms"));
    assertPositiveFinite(resident.path("resident_over_copy_b8").path("value"));
    assertThat(Files.readString(dir.resolve("bench.html")))
        .contains("resident: states on the host");
    assertThat(printed).contains("== resident", "DJL resident / DJL copying states at batch 8");
  }

  @Test
  void writesThePerRecordCostsOfTheCodecsAndTheKeyByEdge() throws Exception {
    String printed = run("--quick", "--sections", "codec", "--rounds", "1", "--round-ms", "5");

    JsonNode codec = new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).path("codec");
    for (String k :
        new String[] {
          "observation_encode",
          "observation_decode",
          "forecast_encode",
          "forecast_decode",
          "edge_pojo_round_trip",
          "edge_compact_round_trip"
        }) {
      assertPositiveFinite(codec.path("ns_per_record").path(k));
    }
    assertPositiveFinite(codec.path("edge_pojo_over_compact").path("value"));
    assertThat(printed).contains("== codec", "keyBy edge, POJO / compact");
  }

  @Test
  void comparesTheNaiveCellWithTheFusedOneAndTheFastKernelAtEachBatch() throws Exception {
    String printed =
        run("--quick", "--sections", "naive", "--preset", "standard_peephole", "--round-ms", "5");

    JsonNode naive = new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).path("naive");
    assertThat(naive.path("model").asText()).isEqualTo("standard"); // not the preset's peepholes
    assertThat(naive.path("flops_per_event").asLong()).isEqualTo(411_648);
    assertThat(naive.path("full_peephole_flops_per_event").asLong())
        .isEqualTo(411_648 + 2 * 3 * 128 * 128 * 2);
    assertThat(naive.path("results")).hasSize(7 * NaiveSection.BATCHES.length);
    for (JsonNode row : naive.path("results")) {
      assertThat(row.path("engine").asText())
          .isIn(
              "NAIVE",
              "FUSED",
              "NAIVE_TILED",
              "FUSED_TILED",
              "FAST",
              "NAIVE_TILED_FULL_PEEPHOLE",
              "FAST_PEEPHOLE");
      assertThat(row.path("rounds_events_per_s")).hasSize(3);
      assertPositiveFinite(row.path("events_per_s"));
    }
    assertThat(naive.path("ratios")).hasSize(NaiveSection.BATCHES.length);
    for (JsonNode ratio : naive.path("ratios")) {
      assertPositiveFinite(ratio.path("fused_over_naive"));
      assertPositiveFinite(ratio.path("fast_over_fused"));
      assertPositiveFinite(ratio.path("fused_tiled_over_naive_tiled"));
      assertPositiveFinite(ratio.path("fast_over_fused_tiled"));
      assertPositiveFinite(ratio.path("naive_tiled_full_peephole_over_naive_tiled"));
      assertPositiveFinite(ratio.path("fast_peephole_over_fast"));
      assertThat(ratio.path("fast_over_naive").asDouble())
          .isCloseTo(
              ratio.path("fast_over_fused").asDouble() * ratio.path("fused_over_naive").asDouble(),
              within(1e-9));
    }
    assertThat(printed).contains("== naive", "batch  256 FAST");
    assertThat(Files.readString(dir.resolve("bench.html"))).contains("naive: eight products");
  }

  @Test
  void reportsWhyPyTorchCannotRunWithoutItsScript() {
    assertThat(TorchPeer.unavailableReason(dir.resolve("missing.py"))).isPresent();
  }

  @Test
  void measuresTheJobWithoutKafkaWithItsCpuByThreadRole() throws Exception {
    String printed =
        run(
            "--quick",
            "--sections",
            "flink",
            "--events",
            "30000",
            "--warmups",
            "1",
            "--repeats",
            "1");
    assertThat(printed).contains("the job without Kafka", "overlapped steps");
    JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).path("flink");
    // Enough events that the kernel thread (alive from the operator's open to its close) lives
    // past a 100 ms CPU sample: with 3,000 it could end unsampled, its time then counted as the
    // JVM's (ThreadCpu).
    assertThat(r.path("events").asLong()).isEqualTo(60000);
    for (String run : new String[] {"lstm", "lstm_overlapped", "lstm_all_cores", "identity"}) {
      assertPositiveFinite(r.path(run).path("events_per_s"));
      assertPositiveFinite(r.path(run).path("cpu_us_per_event").path("operator"));
      assertPositiveFinite(r.path(run).path("cpu_us_per_event").path("total"));
    }
    assertPositiveFinite(r.path("lstm_overlapped").path("cpu_us_per_event").path("kernel thread"));
    assertThat(r.path("lstm").path("cpu_us_per_event").path("kernel thread").asDouble()).isZero();
    assertPositiveFinite(r.path("lstm_overlapped_over_inline"));
    assertPositiveFinite(r.path("lstm_all_cores_over_inline"));
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertPositiveFinite(
          r.path("lstm_all_cores").path("cpu_us_per_event").path("kernel workers"));
    }
  }

  @Test
  void measuresTheSqlFunctionNextToTheBatchedOperator() throws Exception {
    String printed =
        run("--quick", "--sections", "sql", "--events", "3000", "--warmups", "0", "--repeats", "1");
    assertThat(printed).contains("== sql", "SQL function / batched operator");
    JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).path("sql");
    assertThat(r.path("events").asLong()).isEqualTo(3000);
    assertThat(r.path("operator").path("runs_events_per_s")).hasSize(1);
    assertPositiveFinite(r.path("operator").path("events_per_s"));
    assertPositiveFinite(r.path("sql").path("events_per_s"));
    assertPositiveFinite(r.path("sql_over_operator"));
  }

  @Test
  @Tag("slow")
  void measuresTheEndToEndPipelineAndStateSizes() throws Exception {
    run("--quick", "--sections", "e2e,state", "--events", "3000", "--state-keys", "500");

    JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    for (String run : new String[] {"lstm", "identity", "lstm_overlapped"}) {
      JsonNode m = r.path("e2e").path(run);
      assertThat(m.path("forecasts").asLong()).isEqualTo(3000);
      assertPositiveFinite(m.path("events_per_s"));
    }
    JsonNode pairs = r.path("e2e").path("ratio_per_pair");
    assertThat(pairs.size()).isEqualTo(r.path("e2e").path("identity_runs").size()).isPositive();
    pairs.forEach(BenchCommandTest::assertPositiveFinite);
    JsonNode e2e = r.path("e2e");
    JsonNode overlappedPairs = e2e.path("ratio_overlapped_per_pair");
    assertThat(overlappedPairs.size()).isEqualTo(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      assertThat(overlappedPairs.path(i).asDouble())
          .isCloseTo(
              e2e.path("lstm_overlapped_runs").path(i).path("events_per_s").asDouble()
                  / e2e.path("identity_runs").path(i).path("events_per_s").asDouble(),
              within(1e-9));
    }
    assertThat(e2e.path("ratio_overlapped").path("value").asDouble())
        .isCloseTo(
            e2e.path("lstm_overlapped").path("events_per_s").asDouble()
                / e2e.path("identity").path("events_per_s").asDouble(),
            within(1e-9));
    assertThat(e2e.path("ratio_overlapped").path("target").asDouble()).isEqualTo(0.6);
    for (String name : new String[] {"ratio_per_pair", "ratio_overlapped_per_pair"}) {
      double[] v = new double[e2e.path(name).size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = e2e.path(name).path(i).asDouble();
      }
      assertThat(e2e.path(name + "_median").asDouble())
          .as(name)
          .isCloseTo(Rounds.median(v), within(1e-12));
    }
    assertThat(e2e.path("watcher_fetch_min_bytes").asInt()).isPositive();
    assertThat(e2e.path("watcher_fetch_max_wait_ms").asInt()).isPositive();
    JsonNode state = r.path("state");
    assertThat(state.path("raw_hc_bytes").asInt()).isEqualTo(2048);
    assertThat(state.path("serialized_bytes").asInt()).isGreaterThan(2048);
    assertPositiveFinite(state.path("heap_bytes"));
    assertPositiveFinite(state.path("by_keys").path(0).path("events_per_s"));
    assertThat(state.path("by_keys").path(1).path("skipped").asText()).contains("--rocksdb-10m");
  }

  private String run(String... args) {
    StringWriter text = new StringWriter();
    CommandLine cl = CliErrors.install(new CommandLine(new BenchCommand()));
    cl.setOut(new PrintWriter(text));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--out";
    all[args.length + 1] = dir.toString();
    int code = cl.execute(all);
    assertThat(code).as(text.toString()).isZero();
    return text.toString();
  }

  /** FAST's events/s at batch 256 in the kernel section's results. */
  private static double fastAt256(JsonNode kernel) {
    for (JsonNode row : kernel.path("results")) {
      if (row.path("engine").asText().equals("FAST") && row.path("batch").asInt() == 256) {
        return row.path("events_per_s").asDouble();
      }
    }
    throw new AssertionError("no FAST row at batch 256 in " + kernel.path("results"));
  }

  private static void assertPositiveFinite(JsonNode n) {
    assertThat(n.isNumber()).as("%s is a number", n).isTrue();
    assertThat(Double.isFinite(n.asDouble()) && n.asDouble() > 0).as("%s > 0", n).isTrue();
  }
}
