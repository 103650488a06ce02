package io.statecast.bench;

import io.statecast.job.StateBackendKind;
import io.statecast.model.ModelWeights;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the sections of one bench run share, validated once.
 *
 * @param weights the benchmark model (random weights, fixed seed)
 * @param modelDir the same model as an artifact, for the job
 * @param home the project directory (where {@code bench/torch_lstmcell.py} is)
 * @param workDir scratch space, deleted at the end
 * @param out tables and progress
 * @param kernel the kernel comparison
 * @param torch whether to run PyTorch eager beside the Java kernels
 * @param statelessBatch events batched in the stateless comparison
 * @param window events recomputed per event in the stateless comparison
 * @param e2eEvents events sent per end-to-end run
 * @param e2eRepeats how many times the LSTM and identity runs alternate
 * @param e2eWarmups discarded (identity, LSTM) run pairs before the measured ones
 * @param parallelism job parallelism of the end-to-end runs
 * @param batchSize the operator's batch size in the end-to-end runs
 * @param flushInterval the operator's longest wait for a batch in the end-to-end runs
 * @param exactlyOnce whether the end-to-end runs' sinks are exactly once
 * @param stateKeys distinct keys of the state section's runs
 * @param stateBackend the backend of those runs (the optional 10,000,000-key run is on RocksDB)
 * @param stateHeapSamples states allocated to measure a state's retained heap
 * @param rocksDb10m whether the state section also runs 10,000,000 keys on RocksDB
 * @param e2eKernelThreads threads of the fast kernel in the end-to-end LSTM runs
 * @param resident the resident-state comparison (null when section {@code resident} is not run)
 */
public record BenchSettings(
    ModelWeights weights,
    Path modelDir,
    Path home,
    Path workDir,
    PrintWriter out,
    io.statecast.bench.KernelBench.Config kernel,
    boolean torch,
    int statelessBatch,
    int window,
    long e2eEvents,
    int e2eRepeats,
    int e2eWarmups,
    int parallelism,
    int batchSize,
    java.time.Duration flushInterval,
    boolean exactlyOnce,
    List<Integer> stateKeys,
    StateBackendKind stateBackend,
    int stateHeapSamples,
    boolean rocksDb10m,
    int e2eKernelThreads,
    ResidentBench.Config resident) {

  public BenchSettings {
    if (statelessBatch < 1
        || window < 1
        || e2eEvents < 1
        || e2eRepeats < 1
        || e2eWarmups < 0
        || parallelism < 1
        || batchSize < 1
        || e2eKernelThreads < 1) {
      throw new IllegalArgumentException(
          "batch, window, events, repeats, parallelism and batch size must be positive;"
              + " warm-ups not negative");
    }
    stateKeys = List.copyOf(stateKeys);
    Objects.requireNonNull(stateBackend, "stateBackend");
  }
}
