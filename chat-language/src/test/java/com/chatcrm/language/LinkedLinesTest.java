package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lines parsed with the customers a tenant has (src/test/resources/command/linked.tsv, the linker
 * {@link TestCustomers#SPEC}): customers named anywhere, outcomes and negation, edits, corrections,
 * repeating reminders and the questions of issue 23. Clock as in {@link CommandParserTableTest}.
 */
class LinkedLinesTest {

  @Test
  @DisplayName("every line of the linked table parses to its intent and slots")
  void table() throws IOException {
    assertTableParses("/command/linked.tsv");
  }

  /**
   * Commands said in other words (generalize.tsv): edits without the usual field words, asked-for
   * reports, command-word variants, English short forms, stages and deadlines — written apart from
   * the evaluation sets, so it checks the rules, not one set's sentences.
   */
  @Test
  @DisplayName("every line said in other words parses to its intent and slots")
  void otherWords() throws IOException {
    assertTableParses("/command/generalize.tsv");
  }

  private static void assertTableParses(String resource) throws IOException {
    CommandParser parser = new CommandParser();
    List<CommandParserTableTest.Line> lines = CommandParserTableTest.lines(resource);
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

  @Test
  @DisplayName("a form one customer has gives its id; a form several have lists them all")
  void linkedIdAndCandidates() {
    CommandParser parser = new CommandParser();
    ParsedCommand one =
        parser.parse(
            "跟进 星河 电话聊了续费",
            CommandParserTableTest.NOW,
            CommandParser.DEFAULT_STAGES,
            TestCustomers.SPEC);
    assertThat(one.customerId()).isEqualTo(1L);
    assertThat(one.customer()).isEqualTo("北京星河传媒有限公司");
    assertThat(one.customerCandidates()).containsExactly("北京星河传媒有限公司");
    ParsedCommand two =
        parser.parse(
            "昨天去华为开了个会",
            CommandParserTableTest.NOW,
            CommandParser.DEFAULT_STAGES,
            TestCustomers.SPEC);
    assertThat(two.customerId()).isNull();
    assertThat(two.customer()).isEqualTo("华为");
    // the chat searches the form as typed and asks which of the two
    assertThat(two.customerCandidates()).containsExactly("华为");
  }
}
