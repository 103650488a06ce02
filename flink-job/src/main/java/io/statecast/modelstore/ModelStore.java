package io.statecast.modelstore;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ArtifactSource;
import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and verifies model artifacts wherever the job's Flink file systems reach, and waits out a
 * store that does not answer.
 *
 * <p>A load that fails because the store could not be read ({@link ArtifactUnavailableException}:
 * unreachable, timed out) is tried again after a back-off that starts at {@link
 * Patience#firstBackOff} and doubles up to {@link Patience#maxBackOff}, each failed try logged,
 * until it succeeds or the waits add up to {@link Patience#giveUpAfter}; then the last failure is
 * thrown, still an {@link ArtifactUnavailableException}. The wait is bounded because it blocks the
 * caller's thread (in the job, the operator's, which also holds back checkpoints): the job's caller
 * lets it fail the task, and Flink's restart strategy tries again from the last checkpoint, so that
 * the record that needed the model (a model update) is read again rather than dropped. Any other
 * {@link ArtifactException} (missing, altered, not a model, a scheme without a file system) is
 * thrown at once: retrying cannot fix the artifact.
 */
public final class ModelStore {

  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  /**
   * How long a load waits for a store that does not answer.
   *
   * @param firstBackOff the wait after the first failed try
   * @param maxBackOff the longest wait between two tries
   * @param giveUpAfter the total wait after which the failure is thrown
   */
  public record Patience(Duration firstBackOff, Duration maxBackOff, Duration giveUpAfter) {
    public Patience {
      if (firstBackOff.isNegative()
          || firstBackOff.isZero()
          || maxBackOff.compareTo(firstBackOff) < 0
          || giveUpAfter.isNegative()) {
        throw new IllegalArgumentException(
            "need 0 < firstBackOff <= maxBackOff and giveUpAfter >= 0, got "
                + firstBackOff
                + ", "
                + maxBackOff
                + ", "
                + giveUpAfter);
      }
    }
  }

  /** Half a second doubling to 30 s, for two minutes in all. */
  public static final Patience DEFAULT_PATIENCE =
      new Patience(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));

  /** Opens the files at a location. */
  @FunctionalInterface
  interface Sources {
    ArtifactSource at(String location) throws ArtifactException;
  }

  /** How the store sleeps between tries (tests substitute their own). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final Patience patience;
  private final Sources sources;
  private final Sleeper sleeper;

  ModelStore(Patience patience, Sources sources, Sleeper sleeper) {
    this.patience = patience;
    this.sources = sources;
    this.sleeper = sleeper;
  }

  /** Reads through the Flink file systems, with {@code patience} for an unreachable store. */
  public static ModelStore fileSystems(Patience patience) {
    return new ModelStore(patience, FileSystemArtifactSource::of, Thread::sleep);
  }

  /** Reads through the Flink file systems, with {@link #DEFAULT_PATIENCE}. */
  public static ModelStore fileSystems() {
    return fileSystems(DEFAULT_PATIENCE);
  }

  /**
   * The verified artifact at {@code location} (a URI or a plain local path).
   *
   * @throws ArtifactUnavailableException when the store did not answer for {@link
   *     Patience#giveUpAfter}, or the thread was interrupted while waiting (its interrupt flag is
   *     set again)
   * @throws ArtifactException when the artifact is missing, altered or invalid, or no file system
   *     serves its scheme
   */
  public ModelArtifact load(String location) throws ArtifactException {
    ArtifactSource source = sources.at(location);
    long backOff = patience.firstBackOff().toMillis();
    long waited = 0;
    for (int tries = 1; ; tries++) {
      try {
        ModelArtifact artifact = ModelArtifact.load(source);
        if (tries > 1) {
          LOG.info("model artifact {} read after {} tries", location, tries);
        }
        return artifact;
      } catch (ArtifactUnavailableException e) {
        if (waited >= patience.giveUpAfter().toMillis()) {
          throw new ArtifactUnavailableException(
              "the model store did not answer in "
                  + tries
                  + " tries over "
                  + Duration.ofMillis(waited)
                  + ": "
                  + e.getMessage(),
              e);
        }
        LOG.warn(
            "model artifact {} cannot be read (try {}, next in {} ms): {}",
            location,
            tries,
            backOff,
            e.getMessage());
        sleep(backOff, e);
        waited += backOff;
        backOff = Math.min(patience.maxBackOff().toMillis(), backOff * 2);
      }
    }
  }

  private void sleep(long millis, ArtifactUnavailableException failure)
      throws ArtifactUnavailableException {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArtifactUnavailableException(
          "interrupted while waiting for the model store: " + failure.getMessage(), e);
    }
  }
}
