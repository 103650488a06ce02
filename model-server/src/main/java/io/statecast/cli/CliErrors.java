package io.statecast.cli;

import io.statecast.artifact.ArtifactException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command's failure reaches the user: one line, {@code error: <what is wrong>}, and exit code
 * 1 for the errors a user can fix (bad files, bad arguments, refused artifacts); a full stack trace
 * and exit code 70 (internal error) for anything else, which is a bug.
 */
public final class CliErrors implements IExecutionExceptionHandler {

  /** Exit code of a failure the user can fix. */
  public static final int USER_ERROR = 1;

  /** Exit code of an unexpected failure (a bug): EX_SOFTWARE. */
  public static final int INTERNAL_ERROR = 70;

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    var err = cl.getErr();
    if (isUserError(e)) {
      err.println(cl.getColorScheme().errorText("error: " + e.getMessage()));
      err.flush();
      return USER_ERROR;
    }
    err.println("internal error (please report it): " + e);
    e.printStackTrace(err);
    err.flush();
    return INTERNAL_ERROR;
  }

  /**
   * Configures a command line the way every statecast command expects: this error handler, and enum
   * values in any case ({@code --engine djl}).
   */
  public static CommandLine install(CommandLine cl) {
    cl.setExecutionExceptionHandler(new CliErrors());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  private static boolean isUserError(Exception e) {
    return e instanceof ArtifactException
        || e instanceof IOException
        || e instanceof UncheckedIOException
        || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException;
  }
}
