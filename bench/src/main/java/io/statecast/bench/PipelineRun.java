package io.statecast.bench;

import io.statecast.cell.KernelFactory;
import io.statecast.job.StateBackendKind;
import java.nio.file.Path;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * One end-to-end run: what was asked and what was measured.
 *
 * @param model the model artifact directory
 * @param kernels the kernels ({@link IdentityKernel#FACTORY} for the pipeline without a model)
 * @param backend the state backend
 * @param keys distinct keys of the synthetic feed
 * @param events observations sent
 * @param parallelism job parallelism
 * @param batchSize events per batched step
 * @param flushInterval the longest an event waits for its batch
 * @param delivery the sinks' guarantee
 * @param rate events/s the producer keeps to ({@code Double.POSITIVE_INFINITY}: as fast as it goes)
 * @param kernelThreads threads of the LSTM kernel in each operator instance
 * @param overlapSteps whether batches step on a kernel thread while the next fills, or on the
 *     operator thread (the job's default)
 */
public record PipelineRun(
    Path model,
    KernelFactory kernels,
    StateBackendKind backend,
    int keys,
    long events,
    int parallelism,
    int batchSize,
    java.time.Duration flushInterval,
    DeliveryGuarantee delivery,
    double rate,
    int kernelThreads,
    boolean overlapSteps) {

  /** The same run with the producer kept to {@code eventsPerSecond} for {@code count} events. */
  public PipelineRun paced(double eventsPerSecond, long count) {
    return new PipelineRun(
        model,
        kernels,
        backend,
        keys,
        count,
        parallelism,
        batchSize,
        flushInterval,
        delivery,
        eventsPerSecond,
        kernelThreads,
        overlapSteps);
  }

  /** The same run with each batch stepped on a kernel thread while the next one fills. */
  public PipelineRun overlapped() {
    return new PipelineRun(
        model,
        kernels,
        backend,
        keys,
        events,
        parallelism,
        batchSize,
        flushInterval,
        delivery,
        rate,
        kernelThreads,
        true);
  }

  /**
   * What a run measured.
   *
   * @param sent observations sent
   * @param forecasts forecasts received
   * @param seconds from the first send to the last forecast received
   * @param producedPerSecond the replay's own rate (sent over the time sending took)
   * @param p50Millis processing latency (forecast sent − observation sent), median
   * @param p99Millis processing latency, 99th percentile
   * @param visibleP50Millis latency until a {@code read_committed} consumer sees it, median
   * @param visibleP99Millis the same, 99th percentile
   * @param cpuMicrosPerEvent CPU time per forecast by thread role ({@link ThreadCpu}); empty where
   *     the JVM cannot measure it
   * @param coresBusy the process's CPU time over the run's wall-clock time
   */
  public record Measured(
      long sent,
      long forecasts,
      double seconds,
      double producedPerSecond,
      long p50Millis,
      long p99Millis,
      long visibleP50Millis,
      long visibleP99Millis,
      java.util.Map<String, Double> cpuMicrosPerEvent,
      double coresBusy) {

    /** Forecasts per second, first send to last forecast. */
    public double eventsPerSecond() {
      return seconds <= 0 ? 0 : forecasts / seconds;
    }

    /** Whether every observation came back as a forecast. */
    public boolean complete() {
      return forecasts >= sent;
    }
  }
}
