package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesStoreTest {

  @Test
  void forgetsTheLeastRecentlyUpdatedKeyBeyondTheBound() {
    SeriesStore store = new SeriesStore(3, 10);
    store.update("a").observe(1, 1, 1);
    store.update("b").observe(1, 1, 2);
    store.update("c").observe(1, 1, 3);
    store.update("a").observe(2, 2, 4); // a is now the most recent
    store.update("d").observe(1, 1, 5); // evicts b

    assertThat(store.contains("b")).isFalse();
    assertThat(store.contains("a")).isTrue();
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.evicted()).isEqualTo(1);
    assertThat(store.view("a").size()).isEqualTo(2);
  }

  @Test
  void aViewedKeyCountsAsUsed() {
    SeriesStore store = new SeriesStore(2, 10);
    store.update("watched");
    store.update("other");
    store.view("watched");
    store.update("new");
    assertThat(store.contains("watched")).isTrue();
    assertThat(store.contains("other")).isFalse();
  }

  @Test
  void searchListsPrefixMatchesFirstThenInfixMatchesEachSortedAndLimited() {
    SeriesStore store = new SeriesStore(100, 4);
    for (String k : new String[] {"station-12", "Sensor-2", "sensor-10", "old-sensor", "pump-1"}) {
      store.update(k);
    }
    assertThat(store.search("sensor", 10)).containsExactly("Sensor-2", "sensor-10", "old-sensor");
    assertThat(store.search("SENSOR", 2)).containsExactly("Sensor-2", "sensor-10");
    assertThat(store.search("", 3)).containsExactly("Sensor-2", "old-sensor", "pump-1");
    assertThat(store.search("nothing", 10)).isEmpty();
  }

  @Test
  void searchingDoesNotChangeWhichKeyIsEvicted() {
    SeriesStore store = new SeriesStore(2, 4);
    store.update("a");
    store.update("b");
    store.search("a", 10);
    store.update("c");
    assertThat(store.contains("a")).isFalse();
  }
}
