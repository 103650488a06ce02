package io.statecast.upgrade;

import io.statecast.avro.StatePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The models the job has served, in order. A key's state remembers the epoch it was computed under;
 * when the key's next event arrives under a later epoch, the state is carried over lazily, by the
 * last policy other than KEEP among the switches since then (KEEP if there is none): a million idle
 * keys cost nothing at a switch, and a key is migrated exactly once, however many switches it slept
 * through.
 */
public final class ModelChain {

  private final List<ModelSwitch> switches;

  private ModelChain(List<ModelSwitch> switches) {
    this.switches = List.copyOf(switches);
  }

  /** A chain that starts with {@code first} (epoch 0). */
  static ModelChain startingWith(ModelSwitch first) {
    return new ModelChain(List.of(first));
  }

  /** A chain restored from its switches (any order). */
  static ModelChain of(List<ModelSwitch> switches) {
    List<ModelSwitch> sorted = new ArrayList<>(switches);
    sorted.sort(java.util.Comparator.comparingInt(s -> s.epoch));
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).epoch != i) {
        throw new IllegalStateException("the model chain has a gap at epoch " + i + ": " + sorted);
      }
    }
    return new ModelChain(sorted);
  }

  /** The model now served. */
  public ModelSwitch current() {
    return switches.get(switches.size() - 1);
  }

  /** The current epoch. */
  public int epoch() {
    return switches.size() - 1;
  }

  /** The chain with one more model. */
  ModelChain plus(ModelSwitch next) {
    if (next.epoch != switches.size()) {
      throw new IllegalArgumentException(
          "next epoch must be " + switches.size() + ", got " + next.epoch);
    }
    List<ModelSwitch> all = new ArrayList<>(switches);
    all.add(next);
    return new ModelChain(all);
  }

  /** How a state of {@code keyEpoch} is carried over to the current model. */
  public StatePolicy policyFor(int keyEpoch) {
    StatePolicy p = StatePolicy.KEEP;
    for (int e = Math.max(0, keyEpoch + 1); e < switches.size(); e++) {
      if (switches.get(e).policy != StatePolicy.KEEP) {
        p = switches.get(e).policy;
      }
    }
    return p;
  }

  /** All switches, oldest first. */
  public List<ModelSwitch> switches() {
    return switches;
  }
}
