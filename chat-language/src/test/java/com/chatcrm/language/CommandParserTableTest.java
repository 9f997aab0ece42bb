package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command language against a table of lines (src/test/resources/command/lines.tsv): commands,
 * free sentences, English, odd spacing and punctuation, full-width characters. The clock is pinned
 * at Monday 2026-11-23 10:00 in Asia/Shanghai. Pure: no database.
 */
class CommandParserTableTest {

  static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));

  record Line(int number, String text, String intent, String slots) {}

  static List<Line> lines() throws IOException {
    return lines("/command/lines.tsv");
  }

  static List<Line> lines(String resource) throws IOException {
    try (InputStream in = CommandParserTableTest.class.getResourceAsStream(resource)) {
      String[] raw = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      List<Line> out = new ArrayList<>();
      for (int i = 0; i < raw.length; i++) {
        String l = raw[i];
        if (l.isBlank() && !l.contains("\t") || l.startsWith("#")) {
          continue;
        }
        String[] cols = l.split("\t", -1);
        out.add(new Line(i + 1, cols[0], cols[1], cols.length > 2 ? cols[2] : ""));
      }
      return out;
    }
  }

  @Test
  @DisplayName("every line of the table parses to its intent and slots")
  void table() throws IOException {
    CommandParser parser = new CommandParser();
    List<Line> lines = lines();
    assertThat(lines).as("the table has at least 300 lines").hasSizeGreaterThanOrEqualTo(300);
    List<String> failures = failures(lines, text -> parser.parse(text, NOW).slots());
    failures.forEach(System.out::println);
    assertThat(failures).as(failures.size() + " of " + lines.size() + " lines").isEmpty();
  }

  /** The lines whose intent or a listed slot differs from what {@code parse} gives. */
  static List<String> failures(List<Line> lines, Function<String, Map<String, Object>> parse) {
    List<String> failures = new ArrayList<>();
    for (Line line : lines) {
      Map<String, Object> got = parse.apply(line.text());
      List<String> wrong = new ArrayList<>();
      if (!line.intent().equals(got.get("intent"))) {
        wrong.add("intent");
      }
      for (String slot : line.slots().split(";")) {
        if (slot.isBlank()) {
          continue;
        }
        String key = slot.substring(0, slot.indexOf('=')).strip();
        String expected = slot.substring(slot.indexOf('=') + 1).strip();
        Object value = got.get(key);
        String actual =
            value == null
                ? ""
                : value instanceof List<?> a
                    ? String.join(",", a.stream().map(String::valueOf).toList())
                    : value.toString();
        boolean ok =
            key.equals("due") && !expected.isEmpty()
                ? actual.startsWith(expected + "+08:00")
                : actual.equals(expected);
        if (!ok) {
          wrong.add(key + " expected '" + expected + "'");
        }
      }
      if (!wrong.isEmpty()) {
        failures.add("line " + line.number() + " «" + line.text() + "» " + wrong + " got " + got);
      }
    }
    return failures;
  }

  @Test
  @DisplayName(
      "times are resolved in the zone of the message time: 明天上午10点 in Berlin is 10:00 Berlin")
  void otherTenantZone() {
    ZonedDateTime berlin = ZonedDateTime.of(2026, 11, 23, 22, 30, 0, 0, ZoneId.of("Europe/Berlin"));
    ParsedCommand p = new CommandParser().parse("提醒我 明天上午10点 回访华为", berlin);
    assertThat(p.due()).hasToString("2026-11-24T10:00+01:00");
    ParsedCommand end =
        new CommandParser()
            .parse(
                "提醒我 月底 回款", ZonedDateTime.of(2027, 2, 10, 9, 0, 0, 0, ZoneId.of("Asia/Shanghai")));
    assertThat(end.due()).hasToString("2027-02-28T09:00+08:00");
  }

  @Test
  @DisplayName(
      "parsing on several event-loop threads at once gives the same answers (the time library is shared)")
  void concurrentParsesAgree() throws Exception {
    CommandParser parser = new CommandParser();
    List<Line> lines = lines();
    List<String> sequential =
        lines.stream().map(l -> parser.parse(l.text(), NOW).slots().toString()).toList();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(
            pool.submit(
                () ->
                    lines.stream()
                        .map(l -> parser.parse(l.text(), NOW).slots().toString())
                        .toList()));
      }
      for (var run : runs) {
        assertThat(run.get()).isEqualTo(sequential);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "1分钟后 is about a minute from when it was typed: to the nearest minute, never a few seconds")
  void relativeMinutesRoundToTheNearestMinute() {
    CommandParser parser = new CommandParser();
    assertThat(parser.parse("1分钟后提醒我给星河发报价", NOW.withSecond(50)).slots().get("due").toString())
        .startsWith("2026-11-23T10:02");
    assertThat(parser.parse("1分钟后提醒我给星河发报价", NOW.withSecond(10)).slots().get("due").toString())
        .startsWith("2026-11-23T10:01");
  }
}
