package io.statecast.bench;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batched step of a standard model on each kernel: the fast Java kernel and DJL at every batch
 * size ({@link ReferenceStepBenchmark} has the reference). The primary score is steps/s; the
 * secondary {@code events} is events/s = batch × steps/s.
 *
 * <pre>
 * mvn -B -Pjmh -pl schemas,model-server package -DskipTests
 * java -jar model-server/target/statecast-model-server-*-benchmarks.jar StepKernelBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx4g",
      "--add-modules=jdk.incubator.vector",
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=1",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
@State(Scope.Thread)
public class StepKernelBenchmark {

  @Param({"FAST", "DJL"})
  public KernelChoice kernel;

  @Param({"1", "16", "64", "256", "1024", "4096"})
  public int batch;

  @Param({"STANDARD"})
  public StandardModels.Preset model;

  private Stepper stepper;

  @Setup(Level.Trial)
  public void open() {
    stepper = new Stepper(kernel, model, batch);
  }

  @TearDown(Level.Trial)
  public void close() {
    stepper.close();
  }

  @Benchmark
  public float step(Events events) {
    return stepper.step(events);
  }

  /** Events stepped, reported by JMH as a rate next to the steps. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;
  }

  /** A kernel with its inputs and states for one batch size. */
  static final class Stepper implements AutoCloseable {
    private final StepKernel kernel;
    private final int batch;
    private final float[] x;
    private final float[] state;
    private final float[] forecast;

    Stepper(KernelChoice choice, StandardModels.Preset preset, int batch) {
      ModelSpec spec = StandardModels.spec(preset);
      ModelWeights weights = RandomWeights.of(spec, 1);
      this.kernel = choice.open(weights);
      this.batch = batch;
      this.x = new float[batch * spec.inputSize()];
      SplittableRandom random = new SplittableRandom(batch);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      this.state = new float[batch * spec.stateLayout().size()];
      this.forecast = new float[batch * spec.head().horizon()];
    }

    float step(Events events) {
      kernel.step(batch, x, state, null, forecast);
      events.events += batch;
      return forecast[0];
    }

    @Override
    public void close() {
      kernel.close();
    }
  }
}
