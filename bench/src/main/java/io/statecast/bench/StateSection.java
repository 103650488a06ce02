package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.job.StateBackendKind;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Section {@code state}: bytes per key (serialized, and retained on the heap) against the raw
 * floats of {@code (h, c)}, and the LSTM job's events/s as the number of distinct keys grows.
 */
final class StateSection {

  /** Target of heap bytes per key over raw {@code (h, c)} bytes. */
  static final double TARGET_HEAP = 1.25;

  /** Keys of the optional RocksDB run. */
  static final int ROCKSDB_KEYS = 10_000_000;

  private StateSection() {}

  static ObjectNode run(BenchSettings s) throws Exception {
    PrintWriter out = s.out();
    out.printf("%n== state: bytes per key and events/s by number of keys ==%n");
    out.flush();
    StateSize size = StateSize.measure(s.weights().spec(), s.stateHeapSamples());
    ObjectNode n = BenchJson.object();
    n.put("raw_hc_bytes", size.rawBytes());
    n.put("serialized_bytes", size.serializedBytes());
    n.put("heap_bytes", size.heapBytes());
    n.put("heap_with_key_and_entry_bytes", size.heapWithKeyBytes());
    n.put("heap_samples", s.stateHeapSamples());
    ObjectNode ratio =
        BenchJson.ratio(size.heapRatio(), TARGET_HEAP, true, "heap bytes / raw (h, c) bytes");
    n.set("heap_ratio", ratio);
    n.put("serialized_ratio", size.serializedBytes() / (double) size.rawBytes());
    out.printf(
        Locale.ROOT,
        "  raw (h, c) %,d B | serialized (RocksDB value) %,d B (%.3fx) | heap KeyState %,.0f B"
            + " (%.3fx; target <= %.2fx: %s) | heap with key + map entry %,.0f B (%.3fx)%n",
        size.rawBytes(),
        size.serializedBytes(),
        size.serializedBytes() / (double) size.rawBytes(),
        size.heapBytes(),
        size.heapRatio(),
        TARGET_HEAP,
        BenchJson.verdict(ratio),
        size.heapWithKeyBytes(),
        size.heapWithKeyBytes() / size.rawBytes());
    out.flush();
    n.set("by_keys", byKeys(s));
    return n;
  }

  private static ArrayNode byKeys(BenchSettings s) throws Exception {
    PipelineBench bench = new PipelineBench(s.workDir(), s.out());
    ArrayNode a = BenchJson.MAPPER.createArrayNode();
    for (int keys : s.stateKeys()) {
      a.add(keysRun(s, bench, keys, s.stateBackend()));
    }
    if (s.rocksDb10m()) {
      a.add(keysRun(s, bench, ROCKSDB_KEYS, StateBackendKind.ROCKSDB));
    } else {
      ObjectNode skipped = a.addObject();
      skipped.put("keys", ROCKSDB_KEYS);
      skipped.put("backend", StateBackendKind.ROCKSDB.name());
      skipped.put("skipped", "only with --rocksdb-10m (long, and needs the disk space)");
      s.out().println("  10,000,000 keys on RocksDB: skipped (run with --rocksdb-10m)");
    }
    return a;
  }

  private static ObjectNode keysRun(
      BenchSettings s, PipelineBench bench, int keys, StateBackendKind backend) throws Exception {
    long events = Math.max(s.e2eEvents(), 2L * keys); // every key at least twice
    String name = String.format(Locale.ROOT, "%,d keys %s", keys, backend);
    PipelineRun.Measured m =
        bench.run(E2eSection.run(s, E2eSection.lstm(s), keys, events, backend), name);
    E2eSection.print(s.out(), name, m);
    ObjectNode n = E2eSection.measured(m);
    n.put("keys", keys);
    n.put("backend", backend.name());
    n.put("events", events);
    return n;
  }
}
