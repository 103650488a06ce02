package io.statecast.cluster;

/** Wall-clock marks since a test's start, printed as they happen and in a table at the end. */
final class Timings {

  private final long t0 = System.nanoTime();
  private long last = t0;
  private final StringBuilder marks = new StringBuilder("timings:\n");

  void mark(String what) {
    long now = System.nanoTime();
    marks.append(
        String.format("  %7.1f s (+%5.1f s)  %s%n", (now - t0) / 1e9, (now - last) / 1e9, what));
    System.out.printf("[%6.1f s] %s%n", (now - t0) / 1e9, what);
    last = now;
  }

  @Override
  public String toString() {
    return marks.toString();
  }
}
