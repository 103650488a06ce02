package io.statecast.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cli.CliErrors;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code statecast bench --sections resident}, and the same on its own ({@link #main}) for a
 * machine that has a GPU and a JVM but not the rest of the job's class path: where the states live
 * ({@link ResidentBench}), written as JSON.
 */
@Command(
    name = "resident-bench",
    description =
        "Where the states live: the fast kernel on the host, DJL with the states copied in and out"
            + " of every step, DJL with the states resident on its device; writes JSON.",
    mixinStandardHelpOptions = true)
public final class ResidentBenchCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--gpu", description = "Run the DJL kernels on the GPU.")
  boolean gpu;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,16,64,256,1024,4096",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  int[] batches;

  @Option(
      names = "--keys",
      defaultValue = "16384",
      description = "States in the table (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--rounds", defaultValue = "9", description = "Measured rounds (default: 9).")
  int rounds;

  @Option(names = "--round-ms", defaultValue = "300", description = "Round length (default: 300).")
  int roundMs;

  @Option(
      names = "--preset",
      defaultValue = "STANDARD",
      description = "standard, standard_peephole or standard_projection (default: standard).")
  StandardModels.Preset preset;

  @Option(names = "--out", description = "JSON file to write (default: none).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter progress = spec.commandLine().getOut();
    ModelWeights weights = RandomWeights.of(StandardModels.spec(preset), 1);
    Device device = DjlRuntime.device(gpu);
    ResidentBench.Config config =
        new ResidentBench.Config(device, batches, keys, rounds, roundMs * 1_000_000L);
    progress.printf(
        "== resident: %s on %s (PyTorch %s), %,d keys ==%n",
        weights.spec().id(), device, DjlRuntime.engine().getVersion(), keys);
    progress.flush();
    ResidentBench.Report report = new ResidentBench(config, progress).run(weights);
    if (out != null) {
      ObjectNode json = json(config, report);
      json.put("model", weights.spec().id());
      json.put("recorded_at", Instant.now().toString());
      Files.writeString(out, MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
      progress.println("wrote " + out.toAbsolutePath());
    }
    return 0;
  }

  /** The report as JSON: configuration, one row per batch and contender, check, write-back. */
  public static ObjectNode json(ResidentBench.Config config, ResidentBench.Report report) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("device", config.device().toString());
    n.put("pytorch", DjlRuntime.engine().getVersion());
    n.put("keys", config.keys());
    n.put("rounds", config.rounds());
    n.put("round_ms", config.roundNanos() / 1_000_000);
    ArrayNode rows = n.putArray("results");
    report.results().forEach(r -> r.addTo(rows));
    n.put("write_back_ms", report.writeBackMillis());
    n.put("check_max_abs_err_states", report.checkStateError());
    n.put("check_max_abs_err_forecasts", report.checkForecastError());
    return n;
  }

  /** Runs the command on its own: {@code java -cp … io.statecast.bench.ResidentBenchCommand}. */
  public static void main(String[] args) {
    System.exit(CliErrors.install(new CommandLine(new ResidentBenchCommand())).execute(args));
  }
}
