package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Commands said in other words (src/test/resources/command/generalize.tsv): edits without the usual
 * field words, asked-for reports, command-word variants, English short forms, stages and deadlines.
 * Written apart from the evaluation sets, so it checks the rules, not one set's sentences.
 */
class GeneralizeLinesTest {

  @Test
  @DisplayName("every line said in other words parses to its intent and slots")
  void table() throws IOException {
    CommandParser parser = new CommandParser();
    List<CommandParserTableTest.Line> lines =
        CommandParserTableTest.lines("/command/generalize.tsv");
    List<String> failures =
        CommandParserTableTest.failures(
            lines,
            text ->
                parser
                    .parse(
                        text,
                        CommandParserTableTest.NOW,
                        CommandParser.DEFAULT_STAGES,
                        TestCustomers.SPEC)
                    .slots());
    failures.forEach(System.out::println);
    assertThat(failures).as(failures.size() + " of " + lines.size() + " lines").isEmpty();
  }
}
