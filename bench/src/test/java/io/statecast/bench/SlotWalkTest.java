package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotWalkTest {

  @Test
  void stepsTakeTheNextSlotsOfTheOrderAndWrap() {
    ResidentBench.SlotWalk walk = new ResidentBench.SlotWalk(new int[] {4, 0, 3, 1, 2}, 2);
    assertThat(walk.next()).containsExactly(4, 0);
    assertThat(walk.next()).containsExactly(3, 1);
    assertThat(walk.next()).containsExactly(2, 4); // wraps
    assertThat(walk.next()).containsExactly(0, 3);
  }

  @Test
  void everySlotOncePerPassAndDistinctWithinAStep() {
    int keys = 1000;
    int n = 64;
    ResidentBench.SlotWalk walk =
        new ResidentBench.SlotWalk(ResidentBench.distinctSlots(keys, keys, 5), n);
    int[] seen = new int[keys];
    for (int step = 0; step < keys; step++) { // n full passes over the table
      int[] slots = walk.next();
      Set<Integer> distinct = new HashSet<>();
      Arrays.stream(slots).forEach(distinct::add);
      assertThat(distinct).hasSize(n);
      for (int slot : slots) {
        seen[slot]++;
      }
    }
    assertThat(seen).containsOnly(n);
  }

  @Test
  void refusesAStepLargerThanTheTable() {
    assertThatThrownBy(() -> new ResidentBench.SlotWalk(new int[] {0, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 2");
  }
}
