package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The language report, docs/language.md. Regenerate it from the project root with
 *
 * <pre>
 * mvn -B -o -pl chat-language test -Dtest=LanguageReport -Dlanguage.report=docs/language.md
 * </pre>
 *
 * <p>Without {@code -Dlanguage.report} it prints a summary and writes nothing. {@code
 * -Dlanguage.misses=1000} lists every miss instead of 80 (write it elsewhere than docs/, e.g.
 * {@code -Dlanguage.report=target/language-all.md}). The name does not end in Test, so a plain
 * build does not run it; {@code LanguageFloorTest} keeps the bar.
 */
class LanguageReport {

  @Test
  @DisplayName("the evaluation set parses and, when asked, its report is written")
  void report() throws IOException {
    LanguageEval.Result result = LanguageEval.run(EvalSet.lines(), EvalSet.roster());
    System.out.print(LanguageReportMarkdown.summary(result));
    String target = System.getProperty("language.report", "");
    if (target.isBlank()) {
      return;
    }
    Path file = projectRoot().resolve(target).normalize();
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        LanguageReportMarkdown.render(
            result,
            EvalSet.roster().size(),
            Integer.getInteger("language.misses", LanguageReportMarkdown.MISSES_SHOWN)),
        StandardCharsets.UTF_8);
    System.out.println("written: " + file);
    assertThat(file).isRegularFile();
  }

  /**
   * Maven runs a module's tests in the module's own folder: the project root is the first folder up
   * that holds this module.
   */
  static Path projectRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("chat-language"))
          && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir;
  }
}
