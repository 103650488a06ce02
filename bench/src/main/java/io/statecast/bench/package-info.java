/**
 * {@code statecast bench}: the performance comparisons side by side in one run — step kernels
 * against each other, one core's limit and PyTorch eager (a peer process), stateful streaming
 * against stateless recomputation, the LSTM job against the same pipeline with an identity model
 * ({@link io.statecast.bench.IdentityKernel}), and the cost of per-key state — with tables on the
 * terminal, {@code bench.json} and a self-contained {@code bench.html}. Contenders take turns in
 * short rounds so that load from other processes hits them alike; medians over rounds are reported.
 */
package io.statecast.bench;
