package com.chatcrm.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The evaluation set (src/test/resources/eval/lines.jsonl) and the roster it is written against
 * (eval/customers.tsv): realistic lines a rep types, each with the intent and slots a person would
 * read in it, at Monday 2026-11-23 10:00 in Asia/Shanghai.
 */
final class EvalSet {

  static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));

  /** The slots compared; content, opportunity and nextStep are free text and not scored. */
  static final List<String> SCORED =
      List.of(
          "customer",
          "contact",
          "phone",
          "method",
          "amount",
          "stage",
          "scope",
          "date",
          "due",
          "mentions",
          "level",
          "closeDate",
          "repeat",
          "plan",
          "period");

  /**
   * One line of the set.
   *
   * @param number the line number in lines.jsonl
   * @param alsoAccepted other intents a person would accept as well (鼎海的李总明天上午来公司参观)
   * @param contentContains text the free content should keep, checked apart from the slots
   */
  record Line(
      int number,
      String text,
      String intent,
      List<String> alsoAccepted,
      Map<String, Object> slots,
      List<String> tags,
      String contentContains) {

    boolean accepts(String gotIntent) {
      return intent.equals(gotIntent) || alsoAccepted.contains(gotIntent);
    }
  }

  private EvalSet() {}

  static List<Line> lines() {
    String[] raw = resource("/eval/lines.jsonl").split("\n");
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      if (raw[i].isBlank()) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> o = (Map<String, Object>) EvalJson.parse(raw[i]);
      @SuppressWarnings("unchecked")
      Map<String, Object> slots = (Map<String, Object>) o.getOrDefault("slots", Map.of());
      out.add(
          new Line(
              i + 1,
              (String) o.get("text"),
              (String) o.get("intent"),
              strings(o.get("alsoAccepted")),
              slots,
              strings(o.get("tags")),
              (String) o.get("contentContains")));
    }
    return out;
  }

  /** The roster: id, full name, aliases (comma separated); # starts a comment line. */
  static List<KnownCustomer> roster() {
    List<KnownCustomer> out = new ArrayList<>();
    for (String l : resource("/eval/customers.tsv").split("\n")) {
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] cols = l.split("\t", -1);
      List<String> aliases =
          cols.length < 3 || cols[2].isBlank()
              ? List.of()
              : Arrays.stream(cols[2].split(",")).map(String::strip).toList();
      out.add(new KnownCustomer(Long.parseLong(cols[0].strip()), cols[1].strip(), aliases));
    }
    return out;
  }

  static CustomerNames names() {
    return CustomerNames.of(roster());
  }

  private static List<String> strings(Object list) {
    return list == null ? List.of() : ((List<?>) list).stream().map(String::valueOf).toList();
  }

  private static String resource(String path) {
    try (InputStream in = EvalSet.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
