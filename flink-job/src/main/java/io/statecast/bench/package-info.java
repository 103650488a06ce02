/**
 * {@code statecast bench}: the performance comparisons side by side in one run — step kernels
 * against each other and PyTorch eager, stateful streaming against stateless recomputation, the
 * LSTM job against the same pipeline with an identity model, and the cost of per-key state — with
 * tables on the terminal, {@code bench.json} and a self-contained {@code bench.html}.
 */
package io.statecast.bench;
