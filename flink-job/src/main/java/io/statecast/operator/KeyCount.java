package io.statecast.operator;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.state.heap.StateTable;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code keysWithState} gauge: how many keys of this subtask hold a state of one keyed state
 * (the operator's {@code lstm-state}), without scanning the state.
 *
 * <ul>
 *   <li><b>Heap backend:</b> exact, the size of the state's table (a sum over its key groups), read
 *       when the gauge is read. With a TTL, expired entries count until the incremental cleanup
 *       removes them.
 *   <li><b>RocksDB backend:</b> RocksDB's {@code rocksdb.estimate-num-keys} of the state's column
 *       family (entries in the memtables plus the SST files' estimated live keys, minus deletions),
 *       read on the operator thread at most once a second ({@link #refresh}, after every completed
 *       flush and so before every checkpoint barrier) and cached for the metric reporter's thread,
 *       which never touches RocksDB: the property costs no scan. It is an estimate that errs
 *       upwards: every write of a key still in a memtable counts (a key stepped five times since
 *       the last memtable flush counts five times), and overwritten or expired entries in SST files
 *       count until a compaction merges them. With many keys and a memtable small against the state
 *       it is close; with few keys and many events each it can be several times the true count
 *       until the memtable is flushed.
 *   <li>Other backends (the changelog backend wrapping either): -1.
 * </ul>
 *
 * Flink offers an operator no public way to either number: the heap table and the RocksDB column
 * family are reached by reflection on the backend's fields (Flink 2.1), and if that fails the gauge
 * falls back to the heap backend's total entries over all keyed states, or to -1, with one warning.
 * Flink's own {@code state.backend.rocksdb.metrics.estimate-num-keys} exports the same RocksDB
 * property, under the column family's name.
 */
final class KeyCount {

  private static final Logger LOG = LoggerFactory.getLogger(KeyCount.class);
  private static final long REFRESH_NANOS = 1_000_000_000L;
  private static final String ESTIMATE = "rocksdb.estimate-num-keys";

  private final StateTable<?, ?, ?> table; // heap: read by the gauge
  private final RocksDB db; // RocksDB: read on the operator thread only
  private final ColumnFamilyHandle column;
  private final HeapKeyedStateBackend<?> heapFallback;
  private volatile long cached = -1;
  private long refreshedAt;

  private KeyCount(
      StateTable<?, ?, ?> table,
      RocksDB db,
      ColumnFamilyHandle column,
      HeapKeyedStateBackend<?> heapFallback) {
    this.table = table;
    this.db = db;
    this.column = column;
    this.heapFallback = heapFallback;
  }

  /**
   * The count of keys holding state {@code stateName} in {@code backend}; call after that state was
   * registered (its descriptor's first {@code getState}).
   */
  static KeyCount of(Object backend, String stateName) {
    try {
      if (backend instanceof HeapKeyedStateBackend<?> heap) {
        Map<?, ?> tables =
            (Map<?, ?>) field(HeapKeyedStateBackend.class, "registeredKVStates", heap);
        return new KeyCount((StateTable<?, ?, ?>) tables.get(stateName), null, null, heap);
      }
      if (backend instanceof RocksDBKeyedStateBackend<?> rocks) {
        RocksDB db = (RocksDB) field(RocksDBKeyedStateBackend.class, "db", rocks);
        Method handle =
            RocksDBKeyedStateBackend.class.getDeclaredMethod("getColumnFamilyHandle", String.class);
        handle.setAccessible(true);
        ColumnFamilyHandle column = (ColumnFamilyHandle) handle.invoke(rocks, stateName);
        KeyCount count = new KeyCount(null, db, column, null);
        count.refreshNow();
        return count;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "keysWithState: cannot reach the state '{}' of {} ({}); reporting {}",
          stateName,
          backend.getClass().getName(),
          e.toString(),
          backend instanceof HeapKeyedStateBackend<?> ? "all keyed-state entries" : "-1");
      if (backend instanceof HeapKeyedStateBackend<?> heap) {
        return new KeyCount(null, null, null, heap);
      }
    }
    return new KeyCount(null, null, null, null);
  }

  /** The gauge's value: keys with state, an estimate on RocksDB, -1 when unknown. */
  long get() {
    if (table != null) {
      return table.size();
    }
    if (heapFallback != null) {
      return heapFallback.numKeyValueStateEntries();
    }
    return cached;
  }

  /**
   * On the operator thread: re-reads the RocksDB estimate when the last reading is a second old
   * (nothing on other backends).
   */
  void refresh() {
    if (db != null && System.nanoTime() - refreshedAt >= REFRESH_NANOS) {
      refreshNow();
    }
  }

  private void refreshNow() {
    refreshedAt = System.nanoTime();
    try {
      cached = db.getLongProperty(column, ESTIMATE);
    } catch (RocksDBException e) {
      cached = -1;
    }
  }

  /** For tests: the RocksDB database and column family counted, or null. */
  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle column() {
    return column;
  }

  private static Object field(Class<?> owner, String name, Object target)
      throws ReflectiveOperationException {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }
}
