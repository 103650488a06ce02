package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeySampleTest {

  private static Set<String> sampleOf(List<String> keys, int capacity) {
    KeySample s = new KeySample(capacity);
    keys.forEach(s::admit);
    return keys.stream().filter(s::contains).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theSampleIsTheKeysOfSmallestHashWhateverTheirOrder() {
    List<String> keys = IntStream.range(0, 2_000).mapToObj(i -> "key-" + i).toList();
    List<String> smallest =
        keys.stream()
            .sorted(
                (a, b) -> {
                  int c = Long.compare(KeySample.hash(a), KeySample.hash(b));
                  return c != 0 ? c : a.compareTo(b);
                })
            .limit(50)
            .toList();
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(7));

    assertThat(sampleOf(keys, 50)).isEqualTo(new TreeSet<>(smallest));
    assertThat(sampleOf(shuffled, 50)).isEqualTo(new TreeSet<>(smallest));
  }

  @Test
  void aMemberStaysAdmittedAndAReplacedKeyNeverReturns() {
    KeySample s = new KeySample(1);
    String a = "a";
    String b = "b";
    String low = KeySample.hash(a) < KeySample.hash(b) ? a : b;
    String high = low.equals(a) ? b : a;
    assertThat(s.admit(high)).isTrue();
    assertThat(s.admit(high)).isTrue();
    assertThat(s.admit(low)).isTrue(); // replaces the larger hash
    assertThat(s.admit(high)).isFalse();
    assertThat(s.size()).isEqualTo(1);
    assertThat(new KeySample(0).admit("x")).isFalse();
  }

  @Test
  void theHashIsStable() {
    // FNV-1a 64 of the bytes 0x61 0x00 (computed independently): samples reproduce everywhere.
    assertThat(KeySample.hash("a")).isEqualTo(0x089be207b544f1e4L);
  }
}
