package io.statecast.cell;

import io.statecast.model.ModelSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps a new kernel on a fixed, made-up batch before it serves, so that the JIT compiles its hot
 * code before the first real event does.
 *
 * <p>It matters for the fast kernel: until C2 has compiled them, Vector API operations run as their
 * Java fallback (a boxed array per operation), far slower. Left to live traffic on a loaded
 * machine, the compilation comes late and in pieces (a long-running tile loop is first compiled
 * on-stack, with the vector calls not inlined, and only later as a whole method), and the first
 * events queue behind the slow steps meanwhile. Warming up with many short calls of the batch sizes
 * that take the kernel's paths (one row, a part-filled tile, full tiles) gets the methods compiled
 * as a whole. The made-up state is thrown away; the kernel holds no per-key state.
 */
public final class KernelWarmUp {

  /**
   * What a warm-up did.
   *
   * @param calls kernel calls made
   * @param firstMicros mean time of the first calls, µs
   * @param lastMicros mean time of the last calls, µs
   * @param seconds how long it took
   */
  public record Result(int calls, double firstMicros, double lastMicros, double seconds) {}

  /** Kernel calls of a serving warm-up (above C2's default invocation threshold). */
  public static final int SERVING_CALLS = 6_000;

  /** The longest a serving warm-up may take. */
  public static final Duration SERVING_BUDGET = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(KernelWarmUp.class);

  /**
   * Whether this JVM has warmed up a kernel for serving: the compiled code serves every later
   * kernel of the class, whatever its model, so a model switch does not pay again.
   */
  private static final AtomicBoolean SERVING_WARMED = new AtomicBoolean();

  /** Batch sizes that take the fast kernel's paths: a single row, a part-filled and full tiles. */
  static final int[] BATCHES = {1, 7, 48};

  private static final int SAMPLE = 64;

  private KernelWarmUp() {}

  /**
   * Warms {@code kernel} up ({@link #SERVING_CALLS} calls, at most {@link #SERVING_BUDGET}) if it
   * is the first kernel this JVM is about to serve with, logs what it did, and returns the kernel.
   */
  public static StepKernel beforeServing(StepKernel kernel) {
    if (SERVING_WARMED.compareAndSet(false, true)) {
      Result w = run(kernel, SERVING_CALLS, SERVING_BUDGET);
      LOG.info(
          "kernel warmed up on model {}: {} calls in {} s, {} µs per call at first, {} µs at the"
              + " end",
          kernel.spec().id(),
          w.calls(),
          String.format(Locale.ROOT, "%.1f", w.seconds()),
          Math.round(w.firstMicros()),
          Math.round(w.lastMicros()));
    }
    return kernel;
  }

  /**
   * Steps {@code kernel} for {@code calls} calls or until {@code budget} has passed, whichever
   * comes first.
   */
  public static Result run(StepKernel kernel, int calls, Duration budget) {
    ModelSpec spec = kernel.spec();
    int rows = BATCHES[BATCHES.length - 1];
    int inputs = spec.inputSize();
    int stateSize = spec.stateLayout().size();
    int horizon = spec.head().present() ? spec.head().outputs() : 0;
    float[] x = new float[rows * inputs]; // (rows, I)
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.37 * i);
    }
    float[] state = new float[rows * stateSize]; // (rows, S)
    float[] forecast = horizon > 0 ? new float[rows * horizon] : null; // (rows, horizon)
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    double first = Double.NaN;
    long windowStart = start;
    double last = Double.NaN;
    int done = 0;
    while (done < calls && System.nanoTime() < deadline) {
      kernel.step(BATCHES[done % BATCHES.length], x, state, null, forecast);
      done++;
      if (done % SAMPLE == 0) {
        long now = System.nanoTime();
        last = (now - windowStart) / 1e3 / SAMPLE;
        if (Double.isNaN(first)) {
          first = last;
        }
        windowStart = now;
        java.util.Arrays.fill(state, 0f); // keep the made-up states bounded and alike
      }
    }
    return new Result(done, first, last, (System.nanoTime() - start) / 1e9);
  }
}
