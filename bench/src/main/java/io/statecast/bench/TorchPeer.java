package io.statecast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Npz;
import io.statecast.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch eager as a peer in the kernel rounds: the shipped script {@code bench/torch_lstmcell.py}
 * runs under Debian's {@code /usr/bin/python3} with the same weights ({@code .npz}, PyTorch names)
 * and steps the same stack ({@code nn.LSTMCell} per layer, or for a projected stack a one-layer
 * {@code nn.LSTM} with {@code proj_size} per layer; an {@code nn.Linear} head; fp32, {@code
 * torch.no_grad()}, {@code torch.set_num_threads(threads)}). It is driven over its standard input,
 * one round per request ({@code "<batch> <round ms>"}), and answers one JSON line per round, so its
 * rounds interleave with the Java kernels' rounds. {@link #forecasts} runs the same stack over a
 * sequence instead, for the test that holds the baseline to the reference model.
 *
 * <p><b>Several processes.</b> PyTorch's speed differs from process to process more than from round
 * to round: on the Sapphire Rapids machine of 2026-12-06 one process ran its batch-256 rounds at
 * 147,000–153,000 events/s (±2 %) and the next at 166,000–177,000, as if each process drew a memory
 * layout once. One process per bench therefore made the FAST / PyTorch ratio a draw. The peer runs
 * {@code processes} of them, taking measured rounds in turn (round {@code r} on process {@code r
 * mod processes}; every process runs each warm-up round), so the median over rounds is the median
 * over processes too.
 */
public final class TorchPeer implements AutoCloseable {

  /** The interpreter that sees Debian's {@code python3-torch}. */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  /** What to do when PyTorch is missing. */
  public static final String INSTALL_HINT =
      "install python3-torch: bench/setup (apt-get install python3-torch libopenblas0-pthread)";

  /** What to do when PyTorch runs on the reference BLAS. */
  public static final String BLAS_HINT =
      "PyTorch runs on the netlib reference BLAS, an unfair baseline:"
          + " bench/setup (apt-get install libopenblas0-pthread)";

  /**
   * glibc's malloc settings for the PyTorch processes: keep freed memory instead of returning it to
   * the system. PyTorch's CPU allocator has no cache: every step allocates its gate and state
   * tensors (a 512 KiB gate buffer at batch 256) from malloc, and some processes fell into a mode
   * where these came from fresh mappings each time — 121,000 page faults in a 1.2-second run
   * instead of 34,000, and 141,000–154,000 events/s instead of 160,000–180,000. With these settings
   * no process fell into it (the tuning a PyTorch deployment on CPUs gets from jemalloc or
   * tcmalloc; it can only make the baseline faster). Not applied when {@code GLIBC_TUNABLES} is set
   * already.
   */
  static final String MALLOC_TUNABLES =
      "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Served> processes;
  private final String version;
  private final String blas;

  private TorchPeer(List<Served> processes, String version, String blas) {
    this.processes = List.copyOf(processes);
    this.version = version;
    this.blas = blas;
  }

  /** Why the peer cannot run here (no interpreter, no PyTorch, no script), or empty when it can. */
  public static Optional<String> unavailableReason(Path script) {
    if (script == null || !Files.isRegularFile(script)) {
      return Optional.of("the script bench/torch_lstmcell.py was not found");
    }
    if (!Files.isExecutable(PYTHON)) {
      return Optional.of(INSTALL_HINT + "; " + PYTHON + " is missing");
    }
    try {
      Process p =
          new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.of(INSTALL_HINT);
      }
    } catch (IOException e) {
      return Optional.of(INSTALL_HINT + "; " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Optional.empty();
  }

  /**
   * Starts {@code processes} instances of the script on {@code weights} (written to {@code
   * workDir}), all at once, and waits until each is ready.
   */
  public static TorchPeer start(
      Path script, ModelWeights weights, int threads, Path workDir, int processes)
      throws IOException {
    if (processes < 1) {
      throw new IllegalArgumentException("need at least one PyTorch process, got " + processes);
    }
    List<String> cmd = command(script, weights, threads, workDir);
    cmd.add("--serve");
    List<Served> started = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectError(Redirect.DISCARD);
        b.environment().put("GLIBC_TUNABLES", mallocTunables());
        started.add(new Served(b.start()));
      }
      JsonNode ready = null;
      for (Served p : started) { // all of them load PyTorch at once; each says when it is ready
        ready = p.readAnswer();
      }
      return new TorchPeer(
          started, ready.path("torch").asText("?"), ready.path("blas").asText("?"));
    } catch (IOException | RuntimeException e) {
      started.forEach(Served::close);
      throw e;
    }
  }

  /**
   * Steps the sequence {@code x (T, B, I)} from zero states through the script's PyTorch stack and
   * returns its forecasts {@code (T, B, horizon)}: what a test holds against the reference model,
   * so that the baseline is known to compute the model the kernels compute.
   */
  public static Tensor forecasts(Path script, ModelWeights weights, Tensor x, Path workDir)
      throws IOException, InterruptedException {
    Path in = workDir.resolve("torch-check-x.npz");
    Path out = workDir.resolve("torch-check-forecast.npz");
    Npz.write(in, Map.of("x", x));
    List<String> cmd = command(script, weights, 1, workDir);
    cmd.addAll(List.of("--check", in.toString(), "--out", out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("the PyTorch script failed: " + printed.strip());
    }
    return Npz.read(out).get("forecast");
  }

  /** The script on {@code weights} (written to {@code workDir} as .npz), without a mode. */
  private static List<String> command(Path script, ModelWeights weights, int threads, Path workDir)
      throws IOException {
    Path npz = workDir.resolve("torch-weights.npz");
    Npz.write(npz, weights.tensors());
    List<String> cmd = new ArrayList<>();
    cmd.add(PYTHON.toString());
    cmd.add(script.toString());
    cmd.add("--weights");
    cmd.add(npz.toString());
    cmd.add("--layers");
    cmd.add(Integer.toString(weights.spec().layers()));
    cmd.add("--threads");
    cmd.add(Integer.toString(threads));
    return cmd;
  }

  /** The PyTorch version the peer runs. */
  public String version() {
    return version;
  }

  /**
   * The BLAS library PyTorch loaded; Debian's netlib reference BLAS ({@code
   * /usr/lib/x86_64-linux-gnu/blas/libblas.so.3}) makes PyTorch an order of magnitude slower.
   */
  public String blas() {
    return blas;
  }

  /** Whether PyTorch runs on the slow netlib reference BLAS. */
  public boolean referenceBlas() {
    return blas.contains("/blas/libblas");
  }

  /** The glibc malloc settings the PyTorch processes run under ({@code GLIBC_TUNABLES}). */
  public static String mallocTunables() {
    String set = System.getenv("GLIBC_TUNABLES");
    return set != null ? set : MALLOC_TUNABLES;
  }

  /** How many PyTorch processes take the rounds in turn. */
  public int processes() {
    return processes.size();
  }

  /**
   * Runs one round at {@code batch} and records it as round {@code round} of {@code into}: a
   * measured round ({@code round >= 0}) on process {@code round mod processes()}, a warm-up round
   * (negative) on every process.
   */
  public void measure(int round, long roundNanos, int batch, Rounds into) throws IOException {
    String request = batch + " " + Math.max(1, roundNanos / 1_000_000);
    if (round < 0) {
      for (Served p : processes) {
        p.ask(request);
      }
      return;
    }
    JsonNode a = processes.get(round % processes.size()).ask(request);
    into.record(round, a.path("wall").asDouble(), a.path("cpu").asDouble());
  }

  @Override
  public void close() {
    processes.forEach(Served::close);
  }

  /** One process of the script in {@code --serve} mode: a request per line, a JSON line back. */
  private static final class Served {

    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader answers;

    Served(Process process) {
      this.process = process;
      this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.answers =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode ask(String request) throws IOException {
      requests.println(request);
      return readAnswer();
    }

    JsonNode readAnswer() throws IOException {
      String line = answers.readLine();
      if (line == null) {
        throw new IOException("the PyTorch script ended unexpectedly (exit " + exitCode() + ")");
      }
      return JSON.readTree(line);
    }

    private String exitCode() {
      try {
        return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "?";
      }
    }

    void close() {
      requests.close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
