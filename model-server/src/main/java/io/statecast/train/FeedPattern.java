package io.statecast.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which earlier layers feed each layer of a dense stack (the {@code model.feeds} option), written
 * as text and turned into the {@code stack.feeds} of the model ({@link
 * io.statecast.model.StackSpec#feeds}) for a given depth:
 *
 * <ul>
 *   <li>{@code all}: layer {@code k} reads every layer below it, {@code 0 … k−1} (the default; the
 *       model's {@code stack.feeds} stays absent);
 *   <li>{@code previousN} ({@code N ≥ 1}): layer {@code k} reads its {@code N} nearest layers
 *       below, {@code max(0, k−N) … k−1} ({@code previous1} is a plain chain);
 *   <li>explicit lists for layers {@code 1 … L−1}, separated by {@code ;}, each a comma-separated,
 *       strictly increasing list of earlier layers: {@code 0;0,1;1,2} for four layers.
 * </ul>
 */
public final class FeedPattern {

  /** Every layer reads every layer below it. */
  public static final FeedPattern ALL = new FeedPattern("all", 0, null);

  private static final String PREVIOUS = "previous";

  private final String text;
  private final int previous; // N of previousN, 0 otherwise
  private final List<List<Integer>> explicit; // or null

  private FeedPattern(String text, int previous, List<List<Integer>> explicit) {
    this.text = text;
    this.previous = previous;
    this.explicit = explicit;
  }

  /** Parses a pattern; null or blank is {@link #ALL}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static FeedPattern parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (t.isEmpty() || t.equals("all")) {
      return ALL;
    }
    if (t.startsWith(PREVIOUS)) {
      int n = number(t.substring(PREVIOUS.length()), t);
      if (n < 1) {
        throw new IllegalArgumentException("model.feeds previousN needs N ≥ 1, got '" + t + "'");
      }
      return new FeedPattern(t, n, null);
    }
    List<List<Integer>> lists = new ArrayList<>();
    for (String entry : t.split(";", -1)) {
      List<Integer> layers = new ArrayList<>();
      for (String j : entry.split(",", -1)) {
        if (!j.isEmpty()) {
          layers.add(number(j, t));
        }
      }
      lists.add(List.copyOf(layers));
    }
    return new FeedPattern(t, 0, List.copyOf(lists));
  }

  /** Whether every layer reads every layer below it. */
  public boolean all() {
    return previous == 0 && explicit == null;
  }

  /**
   * The {@code stack.feeds} of a stack of {@code layers} layers: null for {@link #ALL}, else one
   * list per layer {@code 1 … L−1} (an explicit pattern as written; {@link
   * io.statecast.model.StackSpec} validates it against the depth).
   */
  public List<List<Integer>> resolve(int layers) {
    if (explicit != null || all()) {
      return explicit;
    }
    List<List<Integer>> out = new ArrayList<>();
    for (int k = 1; k < layers; k++) {
      List<Integer> from = new ArrayList<>();
      for (int j = Math.max(0, k - previous); j < k; j++) {
        from.add(j);
      }
      out.add(List.copyOf(from));
    }
    return List.copyOf(out);
  }

  private static int number(String s, String pattern) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "model.feeds must be 'all', 'previousN' or lists of layers such as '0;0,1;1,2', got '"
              + pattern
              + "'",
          e);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeedPattern p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text);
  }
}
