/**
 * Stepping a model: the kernels that advance a batch of keys by one event, and the one place where
 * the choice of engine becomes a kernel. The per-key state lives outside every kernel, as packed
 * {@link io.statecast.model.StateLayout} rows, so that the same kernel serves the streaming
 * operator, the model server and the benchmarks, whoever keeps the states.
 *
 * <p>{@link io.statecast.cell.StepKernel} is the operation every caller needs: gather the states of
 * the keys to step, step them, scatter them back. {@link io.statecast.cell.ResidentKernel} keeps
 * the states in the kernel's own memory instead (a GPU's), so that a step moves only inputs and
 * forecasts. {@link io.statecast.cell.Engine}, the {@link io.statecast.cell.KernelFactory} of
 * production code, makes them for an {@link io.statecast.cell.EngineKind}: the fast Vector API
 * kernel ({@code io.statecast.cell.fast}), PyTorch through DJL ({@code io.statecast.cell.djl}) or
 * the double-precision reference ({@link io.statecast.cell.ReferenceKernel} over {@code
 * io.statecast.cell.reference}), the oracle of the tests. {@link io.statecast.cell.KernelWarmUp}
 * gets a new fast kernel compiled by the JIT before it serves, and {@link
 * io.statecast.cell.SequenceRunner} steps whole sequences the streaming way, one event at a time.
 */
package io.statecast.cell;
