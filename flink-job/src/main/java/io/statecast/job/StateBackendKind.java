package io.statecast.job;

/** Where keyed state lives: the JVM heap (fast), or RocksDB (for keys that outgrow memory). */
public enum StateBackendKind {
  HEAP,
  ROCKSDB
}
