package io.statecast.bench;

import io.statecast.model.StandardModels;
import java.util.concurrent.TimeUnit;
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
 * {@link StepKernelBenchmark} for the float reference kernel, at the small batches only (it steps
 * one row at a time in double precision: ≈4–5k events/s whatever the batch).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class ReferenceStepBenchmark {

  @Param({"1", "16", "64"})
  public int batch;

  @Param({"STANDARD"})
  public StandardModels.Preset model;

  private StepKernelBenchmark.Stepper stepper;

  @Setup(Level.Trial)
  public void open() {
    stepper = new StepKernelBenchmark.Stepper(KernelChoice.REFERENCE, model, batch);
  }

  @TearDown(Level.Trial)
  public void close() {
    stepper.close();
  }

  @Benchmark
  public float step(StepKernelBenchmark.Events events) {
    return stepper.step(events);
  }
}
