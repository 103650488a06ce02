/**
 * Side-by-side benchmarks of the step kernels, for {@code statecast bench} and the JMH harness:
 * kernels take turns in short rounds so that load from other processes hits them alike, and the
 * medians over rounds are reported, in wall-clock time and in the measuring thread's CPU time.
 * PyTorch eager ({@code nn.LSTMCell} per layer) runs as a peer process in the same rounds.
 */
package io.statecast.bench;
