package io.statecast.bench;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A quick side-by-side of the step kernels on one model, without JMH: for every batch size, the
 * kernels take turns in short rounds (so that load from other processes hits them alike), and the
 * median over rounds is reported, both in wall-clock time and in the thread's CPU time (which a
 * shared machine's other processes disturb less).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp … io.statecast.bench.StepKernelComparison \
 *     [--preset STANDARD] [--batches 1,16,64,256,1024,4096] [--rounds 9] [--round-ms 300]
 *     [--kernels FAST,DJL,REFERENCE]
 * </pre>
 */
public final class StepKernelComparison {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private StepKernelComparison() {}

  public static void main(String[] args) {
    Map<String, String> opts = options(args);
    StandardModels.Preset preset =
        StandardModels.Preset.valueOf(opts.getOrDefault("preset", "STANDARD"));
    int[] batches =
        Arrays.stream(opts.getOrDefault("batches", "1,16,64,256,1024,4096").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "9"));
    long roundNanos = Long.parseLong(opts.getOrDefault("round-ms", "300")) * 1_000_000L;
    List<KernelChoice> kinds = new ArrayList<>();
    for (String k : opts.getOrDefault("kernels", "FAST,DJL,REFERENCE").split(",")) {
      kinds.add(KernelChoice.valueOf(k.trim().toUpperCase(Locale.ROOT)));
    }
    ModelSpec spec = StandardModels.spec(preset);
    ModelWeights weights = RandomWeights.of(spec, 1);
    System.out.printf(
        "model %s; %d rounds of %d ms per kernel and batch; events/s, median (min-max)%n",
        preset, rounds, roundNanos / 1_000_000);
    for (int batch : batches) {
      Map<KernelChoice, Rounds> results = compare(weights, kinds, batch, rounds, roundNanos);
      results.forEach(
          (kind, r) ->
              System.out.printf(
                  Locale.ROOT,
                  "batch %5d %-9s wall %,12.0f (%,.0f-%,.0f)   cpu-time %,12.0f (%,.0f-%,.0f)%n",
                  batch,
                  kind,
                  r.medianWall(),
                  min(r.wall()),
                  max(r.wall()),
                  r.medianCpu(),
                  min(r.cpu()),
                  max(r.cpu())));
    }
  }

  /** Runs the kernels in turns at one batch size. */
  static Map<KernelChoice, Rounds> compare(
      ModelWeights weights, List<KernelChoice> kinds, int batch, int rounds, long roundNanos) {
    ModelSpec spec = weights.spec();
    SplittableRandom random = new SplittableRandom(batch);
    float[] x = new float[batch * spec.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    Map<KernelChoice, StepKernel> kernels = new EnumMap<>(KernelChoice.class);
    Map<KernelChoice, float[]> states = new EnumMap<>(KernelChoice.class);
    Map<KernelChoice, Rounds> results = new EnumMap<>(KernelChoice.class);
    float[] forecast = new float[batch * spec.head().horizon()];
    try {
      for (KernelChoice kind : kinds) {
        if (kind.measuredAt(batch)) {
          kernels.put(kind, kind.open(weights));
          states.put(kind, new float[batch * spec.stateLayout().size()]);
          results.put(kind, Rounds.of(rounds));
        }
      }
      for (int round = -2; round < rounds; round++) { // two warm-up rounds
        for (Map.Entry<KernelChoice, StepKernel> e : kernels.entrySet()) {
          StepKernel k = e.getValue();
          float[] state = states.get(e.getKey());
          long steps = 0;
          long cpu0 = THREADS.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          long t;
          do {
            k.step(batch, x, state, null, forecast);
            steps++;
            t = System.nanoTime();
          } while (t - t0 < roundNanos);
          long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
          if (round >= 0) {
            results
                .get(e.getKey())
                .record(round, 1e9 * steps * batch / (t - t0), 1e9 * steps * batch / cpu);
          }
        }
      }
    } finally {
      kernels.values().forEach(StepKernel::close);
    }
    return results;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }
}
