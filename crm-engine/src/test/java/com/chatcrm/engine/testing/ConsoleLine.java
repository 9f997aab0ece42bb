package com.chatcrm.engine.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Waits for a started process (the packaged jar) to print a line, such as its "is up" line. */
public final class ConsoleLine {

  private ConsoleLine() {}

  /**
   * The first match of {@code line} in the console file, polled every 200 ms for at most {@code
   * within}; fails at once if the process exits first. A failure shows the whole console, which is
   * where the reason is.
   */
  public static MatchResult awaitLine(
      Process process, Path console, Pattern line, Duration within) {
    String text =
        Eventually.within(within)
            .every(Duration.ofMillis(200))
            .as("the line " + line)
            .until(
                () -> {
                  String printed =
                      Files.exists(console)
                          ? Files.readString(console, StandardCharsets.UTF_8)
                          : "";
                  if (!line.matcher(printed).find() && !process.isAlive()) {
                    throw new AssertionError(
                        "the process exited with " + process.exitValue() + ":\n" + printed);
                  }
                  return printed;
                },
                printed -> line.matcher(printed).find());
    Matcher m = line.matcher(text);
    m.find();
    return m.toMatchResult();
  }
}
