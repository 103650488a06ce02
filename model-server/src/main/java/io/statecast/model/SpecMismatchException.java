package io.statecast.model;

import java.util.List;

/** The weights do not fit the spec: every disagreement is listed in the message. */
public class SpecMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public SpecMismatchException(String context, List<String> problems) {
    super(context + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each disagreement, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
