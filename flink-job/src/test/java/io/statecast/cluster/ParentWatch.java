package io.statecast.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another main class and exits when standard input reaches its end, so a child process of a
 * test ends with the test JVM however that ends (even killed: the pipe closes). {@code java -cp …
 * io.statecast.cluster.ParentWatch MAIN ARGS…}.
 *
 * <p>Depends on the JDK only: {@link ChildProcess} copies this one class file onto the class path
 * of processes (Flink's) that should not see the test classes.
 */
public final class ParentWatch {

  private static final long EXIT_GRACE_MILLIS = 10_000;

  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: ParentWatch MAIN_CLASS [ARGS...]");
    }
    Thread watch = new Thread(ParentWatch::exitAtEndOfInput, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitAtEndOfInput() {
    InputStream in = System.in;
    try {
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // the parent writes nothing; only the end matters
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
    Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(EXIT_GRACE_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(137);
            },
            "parent-watch-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(143);
  }
}
