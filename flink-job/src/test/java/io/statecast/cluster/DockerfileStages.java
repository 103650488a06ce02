package io.statecast.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of {@code deploy/Dockerfile}, by name: each stage's text from its {@code FROM … AS
 * name} line to the next {@code FROM} (or the end), for the tests that check what a target copies.
 * The text before the first {@code FROM} (the global {@code ARG}s) is {@link #preamble()}.
 */
record DockerfileStages(String text, String preamble, Map<String, String> stages) {

  static final String PATH = "deploy/Dockerfile";
  private static final Pattern FROM = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$");

  static DockerfileStages read(Path root) throws IOException {
    String text = Files.readString(root.resolve(PATH));
    Map<String, String> stages = new LinkedHashMap<>();
    Matcher m = FROM.matcher(text);
    int first = -1;
    String name = null;
    int start = -1;
    while (m.find()) {
      if (name != null) {
        stages.put(name, text.substring(start, m.start()));
      } else {
        first = m.start();
      }
      name = m.group(1);
      start = m.start();
    }
    if (name == null) {
      throw new IllegalStateException(PATH + " has no named stage");
    }
    stages.put(name, text.substring(start));
    return new DockerfileStages(
        text, text.substring(0, first), Collections.unmodifiableMap(stages));
  }

  /** The named stage's text; fails where the Dockerfile has no such stage. */
  String stage(String name) {
    String stage = stages.get(name);
    if (stage == null) {
      throw new IllegalArgumentException(PATH + " has no stage " + name + ": " + stages.keySet());
    }
    return stage;
  }
}
