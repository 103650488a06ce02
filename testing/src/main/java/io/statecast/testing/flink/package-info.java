/** Running Flink in-process: a local cluster bound to loopback, with its web UI. */
package io.statecast.testing.flink;
