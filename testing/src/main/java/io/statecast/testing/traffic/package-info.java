/**
 * Traffic for the demo, the benchmarks and the tests: feeds of observations ({@link
 * io.statecast.testing.traffic.SyntheticFeed}, or a data set's), replayed into Kafka at a chosen
 * rate ({@link io.statecast.testing.traffic.Replayer}), and the job's output watched and scored
 * ({@link io.statecast.testing.traffic.OutputWatcher}: counts, latency, one-step accuracy).
 */
package io.statecast.testing.traffic;
