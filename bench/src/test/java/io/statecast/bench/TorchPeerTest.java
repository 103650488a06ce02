package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link TorchPeer} drives its processes, against a stand-in script that speaks the serve
 * protocol without PyTorch: it answers every round with its process id as "wall" and the number of
 * requests it has served as "cpu", so the test sees which process ran which round.
 */
class TorchPeerTest {

  private static final String STAND_IN =
      """
      import json, os, sys
      print(json.dumps({"torch": "stand-in", "blas": "none"}), flush=True)
      served = 0
      for line in sys.stdin:
          served += 1
          print(json.dumps({"wall": os.getpid(), "cpu": served}), flush=True)
      """;

  @TempDir Path dir;
  private Path script;
  private ModelWeights weights;

  @BeforeEach
  void standIn() throws IOException {
    assumeTrue(Files.isExecutable(TorchPeer.PYTHON), "needs " + TorchPeer.PYTHON);
    script = Files.writeString(dir.resolve("stand_in.py"), STAND_IN);
    weights = RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1);
  }

  @Test
  void measuredRoundsGoToTheProcessesInTurnAndWarmUpsToEvery() throws IOException {
    Rounds rounds = Rounds.of(6);
    try (TorchPeer peer = TorchPeer.start(script, weights, 1, dir, 3)) {
      assertThat(peer.processes()).isEqualTo(3);
      assertThat(peer.version()).isEqualTo("stand-in");
      for (int round = -2; round < 6; round++) {
        peer.measure(round, 1_000_000, 16, rounds);
      }
    }
    double[] pid = rounds.wall();
    assertThat(pid[0]).isNotEqualTo(pid[1]).isNotEqualTo(pid[2]);
    assertThat(pid[1]).isNotEqualTo(pid[2]);
    assertThat(new double[] {pid[3], pid[4], pid[5]}).containsExactly(pid[0], pid[1], pid[2]);
    // every process served both warm-up rounds before its first measured one, then one more
    assertThat(rounds.cpu()).containsExactly(3, 3, 3, 4, 4, 4);
  }

  @Test
  void aProcessThatEndsIsAClearError() throws IOException {
    Path quitter = Files.writeString(dir.resolve("quitter.py"), "import sys\nsys.exit(3)\n");
    assertThatThrownBy(() -> TorchPeer.start(quitter, weights, 1, dir, 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ended unexpectedly (exit 3)");
  }

  @Test
  void atLeastOneProcess() {
    assertThatThrownBy(() -> TorchPeer.start(script, weights, 1, dir, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
