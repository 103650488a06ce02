package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.Cadence;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.TestModels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The job's default event-time jump bound follows the model's cadence; a given one stays. */
class JumpBoundDefaultTest {

  private static ForecastOperatorConfig operator(String... more) {
    JobCommand command = new JobCommand();
    String[] base = {"--bootstrap-servers", "kafka:9092", "--model", "models/m"};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    new CommandLine(command).parseArgs(args);
    return command.options.settings().operator();
  }

  /** The test model with a gap in periods of {@code cadence}, as training writes it now. */
  private static ModelSpec model(Cadence cadence) {
    ModelSpec s = TestModels.spec();
    List<FeatureSpec> f =
        s.inputs().features().stream()
            .map(
                x ->
                    x.kind() == FeatureKind.GAP_DAYS
                        ? new FeatureSpec("gap_periods", FeatureKind.GAP_PERIODS, 0, 1.0, 1.0)
                        : x)
            .toList();
    return new ModelSpec(
        s.format(),
        s.id(),
        s.version(),
        s.description(),
        new InputSpec(f, cadence),
        s.cell(),
        s.stack(),
        s.head());
  }

  @Test
  void aThousandPeriodsOfTheModelsCadence() {
    assertThat(ForecastJob.withJumpBound(operator(), model(Cadence.HOURLY)).maxEventTimeJump())
        .isEqualTo(Duration.ofHours(1000));
    assertThat(ForecastJob.withJumpBound(operator(), model(Cadence.DAILY)).maxEventTimeJump())
        .isEqualTo(Duration.ofDays(1000));
    assertThat(ForecastJob.withJumpBound(operator(), model(Cadence.WEEKLY)).maxEventTimeJump())
        .isEqualTo(Duration.ofDays(7000));
  }

  @Test
  void aModelWithItsGapInDaysAndAGivenBoundKeepTheirs() {
    assertThat(ForecastJob.withJumpBound(operator(), TestModels.spec()).maxEventTimeJump())
        .isEqualTo(Duration.ofDays(1000));
    assertThat(
            ForecastJob.withJumpBound(
                    operator("--max-event-time-jump", "5d"), model(Cadence.WEEKLY))
                .maxEventTimeJump())
        .isEqualTo(Duration.ofDays(5));
  }
}
