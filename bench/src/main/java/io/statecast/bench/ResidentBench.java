package io.statecast.bench;

import ai.djl.Device;
import io.statecast.cell.ResidentKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlResidentKernel;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the states live, side by side: steps of {@code B} keys drawn from a table of {@code keys}
 * states, for every batch size, the contenders taking turns in short rounds (two warm-up rounds
 * first; medians over the measured ones). Each step takes the next {@code B} keys of a shuffled
 * walk over the whole table ({@link SlotWalk}), so that, as in the job's flushes, a step touches
 * keys the previous steps did not, scattered over the table; stepping the same {@code B} keys every
 * time kept them in cache and understated the host's cost (docs/benchmarks.md).
 *
 * <ul>
 *   <li>{@code FAST_HOST} — the CPU job: states in a host table, gathered into a batch, stepped by
 *       the fast kernel, scattered back (what the operator does with {@code --engine fast});
 *   <li>{@code DJL_COPY} — {@link DjlStepKernel} on the device: the batch's states travel to the
 *       device and back on every step (the operator's {@code --engine djl [--gpu]});
 *   <li>{@code DJL_RESIDENT} — {@link DjlResidentKernel}: the table lives on the device, gathered
 *       and scattered there; only slots, inputs and forecasts travel ({@code --resident-keys}).
 * </ul>
 *
 * With {@code --min-device-batch M} the operator steps flushes of fewer than {@code M} keys like
 * {@code FAST_HOST} and larger ones like {@code DJL_RESIDENT}: the crossover of those two rows is
 * the {@code M} to choose.
 *
 * <p>Also measured: the write-back of the whole table to the host (what a checkpoint costs), and a
 * correctness check of the resident kernel on the device against the fast kernel on the host.
 */
public final class ResidentBench {

  /**
   * What to measure.
   *
   * @param device where the DJL kernels run
   * @param batches batch sizes
   * @param keys states in the table (at least the largest batch)
   * @param rounds measured rounds per contender and batch
   * @param roundNanos length of one round
   */
  public record Config(Device device, int[] batches, int keys, int rounds, long roundNanos) {

    public Config {
      if (batches.length == 0
          || rounds < 1
          || roundNanos < 1
          || keys < Arrays.stream(batches).max().getAsInt()) {
        throw new IllegalArgumentException(
            "need batches, rounds ≥ 1, a round length, and at least as many keys as the largest"
                + " batch");
      }
      batches = batches.clone();
    }

    /** The largest batch size. */
    public int largestBatch() {
      return Arrays.stream(batches).max().getAsInt();
    }
  }

  /**
   * Everything measured.
   *
   * @param results one row per batch and contender
   * @param writeBackMillis reading the whole table to the host, median of 5
   * @param checkStateError max |resident on the device − fast on the host| over the states
   * @param checkForecastError the same over the forecasts
   */
  public record Report(
      List<KernelBench.Result> results,
      double writeBackMillis,
      double checkStateError,
      double checkForecastError) {}

  private final Config config;
  private final PrintWriter progress;

  public ResidentBench(Config config, PrintWriter progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Runs the check, every batch size and the write-back. */
  public Report run(ModelWeights weights) {
    double[] check = check(weights);
    progress.printf(
        Locale.ROOT,
        "  check on %s: resident vs fast on the host, max |err| states %.2e forecasts %.2e%n",
        config.device(),
        check[0],
        check[1]);
    List<KernelBench.Result> all = new ArrayList<>();
    for (int batch : config.batches()) {
      Map<String, Rounds> r = atBatch(weights, batch);
      r.forEach((engine, rounds) -> all.add(new KernelBench.Result(batch, engine, rounds)));
      r.forEach(
          (engine, rounds) ->
              progress.printf(
                  Locale.ROOT,
                  "  batch %5d %-13s %,14.0f events/s (%,.0f-%,.0f)%n",
                  batch,
                  engine,
                  rounds.medianWall(),
                  rounds.minWall(),
                  rounds.maxWall()));
      progress.flush();
    }
    double writeBack = writeBackMillis(weights);
    progress.printf(
        Locale.ROOT, "  write-back of %,d states to the host: %.2f ms%n", config.keys(), writeBack);
    progress.flush();
    return new Report(all, writeBack, check[0], check[1]);
  }

  private Map<String, Rounds> atBatch(ModelWeights weights, int batch) {
    ModelSpec spec = weights.spec();
    int s = spec.stateLayout().size();
    float[] x = KernelBench.randomInputs(batch * spec.inputSize(), batch);
    float[] forecast = new float[batch * spec.head().horizon()];
    int[] order = distinctSlots(config.keys(), config.keys(), batch); // every key, shuffled
    float[] hostTable = new float[config.keys() * s];
    float[] rows = new float[batch * s];
    Map<String, Runnable> steps = new LinkedHashMap<>();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      StepKernel fast = FastKernels.create(weights, 1);
      open.add(fast);
      SlotWalk fastWalk = new SlotWalk(order, batch);
      steps.put(
          "FAST_HOST",
          () -> {
            int[] slots = fastWalk.next();
            gather(hostTable, slots, rows, batch, s);
            fast.step(batch, x, rows, null, forecast);
            scatter(rows, slots, hostTable, batch, s);
          });
      DjlStepKernel copy = new DjlStepKernel(weights, config.device());
      open.add(copy);
      float[] copyTable = new float[config.keys() * s];
      float[] copyRows = new float[batch * s];
      SlotWalk copyWalk = new SlotWalk(order, batch);
      steps.put(
          "DJL_COPY",
          () -> {
            int[] slots = copyWalk.next();
            gather(copyTable, slots, copyRows, batch, s);
            copy.step(batch, x, copyRows, null, forecast);
            scatter(copyRows, slots, copyTable, batch, s);
          });
      ResidentKernel resident = new DjlResidentKernel(weights, config.device(), config.keys());
      open.add(resident);
      SlotWalk residentWalk = new SlotWalk(order, batch);
      steps.put("DJL_RESIDENT", () -> resident.step(batch, residentWalk.next(), x, forecast));
      return Rounds.interleaved(steps, config.rounds(), config.roundNanos(), batch);
    } finally {
      closeAll(open);
    }
  }

  /** Three steps of 64 scattered keys on the device's resident table and on the host. */
  private double[] check(ModelWeights weights) {
    ModelSpec spec = weights.spec();
    int s = spec.stateLayout().size();
    int n = Math.min(64, config.keys());
    int[] slots = distinctSlots(n, config.keys(), 7);
    SplittableRandom random = new SplittableRandom(3);
    float[] rows = new float[n * s];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) (0.7 * random.nextGaussian());
    }
    float[] onDevice = new float[n * s];
    float[] fHost = new float[n * spec.head().horizon()];
    float[] fDevice = new float[fHost.length];
    double errF = 0;
    try (StepKernel host = FastKernels.create(weights, 1);
        ResidentKernel device = new DjlResidentKernel(weights, config.device(), config.keys())) {
      device.write(n, slots, rows);
      for (int t = 0; t < 3; t++) {
        float[] x = KernelBench.randomInputs(n * spec.inputSize(), 11 + t);
        host.step(n, x, rows, null, fHost);
        device.step(n, slots, x, fDevice);
        errF = Math.max(errF, maxAbsDiff(fHost, fDevice));
      }
      device.read(n, slots, onDevice);
    }
    return new double[] {maxAbsDiff(rows, onDevice), errF};
  }

  private double writeBackMillis(ModelWeights weights) {
    int s = weights.spec().stateLayout().size();
    int chunk = 4096;
    int[] slots = new int[chunk];
    float[] rows = new float[chunk * s];
    double[] millis = new double[5];
    try (ResidentKernel k = new DjlResidentKernel(weights, config.device(), config.keys())) {
      for (int rep = -1; rep < millis.length; rep++) {
        long t0 = System.nanoTime();
        for (int from = 0; from < config.keys(); from += chunk) {
          int n = Math.min(chunk, config.keys() - from);
          for (int i = 0; i < n; i++) {
            slots[i] = from + i;
          }
          k.read(n, slots, rows);
        }
        if (rep >= 0) {
          millis[rep] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    return Rounds.median(millis);
  }

  /**
   * The slots of successive steps: the next {@code n} of a fixed order of the table's slots, from
   * where the previous step stopped, wrapping at the end. With every slot once in the order and
   * {@code n} at most the table's size, a step's slots are distinct, and every slot is stepped once
   * per pass.
   */
  static final class SlotWalk {

    private final int[] order;
    private final int[] slots;
    private int cursor;

    SlotWalk(int[] order, int n) {
      if (n < 1 || n > order.length) {
        throw new IllegalArgumentException(
            "a step of " + n + " slots needs 1 to " + order.length + " of them");
      }
      this.order = order;
      this.slots = new int[n];
    }

    /** The next step's slots (the same array every call, overwritten). */
    int[] next() {
      for (int r = 0; r < slots.length; r++) {
        slots[r] = order[(cursor + r) % order.length];
      }
      cursor = (cursor + slots.length) % order.length;
      return slots;
    }
  }

  /** {@code n} distinct slots out of {@code keys}, shuffled (a partial Fisher–Yates). */
  static int[] distinctSlots(int n, int keys, long seed) {
    int[] all = new int[keys];
    for (int i = 0; i < keys; i++) {
      all[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(keys - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = new int[n];
    System.arraycopy(all, 0, out, 0, n);
    return out;
  }

  private static void gather(float[] table, int[] slots, float[] rows, int n, int s) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(table, slots[r] * s, rows, r * s, s);
    }
  }

  private static void scatter(float[] rows, int[] slots, float[] table, int n, int s) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows, r * s, table, slots[r] * s, s);
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static void closeAll(List<AutoCloseable> open) {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("could not close " + c, e);
      }
    }
  }
}
