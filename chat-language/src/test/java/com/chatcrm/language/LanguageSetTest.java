package com.chatcrm.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The evaluation set is well made: big enough, every intent covered, every expectation written in
 * the shape slots() answers, the roster holds the customers the spec names. It says nothing of how
 * well the parser does; {@code LanguageFloorTest} does.
 */
class LanguageSetTest {

  private static final Set<String> NEW_INTENTS =
      Set.of(
          "edit_opportunity",
          "edit_contact",
          "delete_customer",
          "correct_last",
          "mentions_me",
          "list_customers",
          "customer_count",
          "list_followups",
          "weekly_report",
          "record_receipt",
          "create_contract");

  @Test
  @DisplayName("at least 520 lines, no line twice, every intent code, 12 or more for each new one")
  void coverage() {
    List<EvalSet.Line> lines = EvalSet.lines();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(520);
    assertThat(lines.stream().map(EvalSet.Line::text).distinct()).hasSameSizeAs(lines);
    Map<String, Long> perIntent =
        lines.stream().collect(Collectors.groupingBy(EvalSet.Line::intent, Collectors.counting()));
    assertThat(perIntent.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Intent.values()).map(Intent::code).toList());
    NEW_INTENTS.forEach(i -> assertThat(perIntent.get(i)).as(i).isGreaterThanOrEqualTo(12));
    long hard = lines.stream().filter(l -> l.tags().contains("hard")).count();
    assertThat(hard).as("deliberately hard lines").isLessThanOrEqualTo(lines.size() / 10);
  }

  @Test
  @DisplayName("every expectation is a scored slot, written as slots() writes it")
  void shapes() {
    Set<String> intents =
        Arrays.stream(Intent.values()).map(Intent::code).collect(Collectors.toSet());
    Set<String> stages =
        CommandParser.DEFAULT_STAGES.stream()
            .map(CommandParser.StageName::name)
            .collect(Collectors.toSet());
    Map<String, Function<Object, Boolean>> valid =
        Map.ofEntries(
            Map.entry("customer", v -> v instanceof String s && !s.isBlank()),
            Map.entry("contact", v -> v instanceof String s && !s.isBlank()),
            Map.entry("phone", v -> v instanceof String s && s.matches("[\\d-]{7,13}")),
            Map.entry(
                "method",
                v -> Set.of("call", "visit", "wechat", "email", "meeting", "other").contains(v)),
            Map.entry("amount", v -> v instanceof BigDecimal),
            Map.entry(
                "plan",
                v ->
                    v instanceof String s
                        && s.matches(
                            "split:\\d+|\\d{4}-\\d{2}-\\d{2}:\\d+(,\\d{4}-\\d{2}-\\d{2}:\\d+)*")),
            Map.entry("stage", stages::contains),
            Map.entry("scope", v -> Set.of("me", "team", "pool", "deal").contains(v)),
            Map.entry("date", LanguageSetTest::isDay),
            Map.entry("closeDate", LanguageSetTest::isDay),
            Map.entry("due", v -> isDay(v) || isMinute(v)),
            Map.entry("mentions", v -> v instanceof List<?> l && !l.isEmpty()),
            Map.entry("level", v -> Set.of("potential", "intent", "deal", "lost").contains(v)),
            Map.entry(
                "period",
                v ->
                    Set.of(
                            "today",
                            "yesterday",
                            "week",
                            "last_week",
                            "month",
                            "last_month",
                            "quarter",
                            "year")
                        .contains(v)),
            Map.entry(
                "repeat",
                v ->
                    String.valueOf(v)
                        .matches(
                            "daily|weekdays|weekly:[1-7]|monthly:([1-9]|[12]\\d|3[01]|last)")));
    List<String> bad = new ArrayList<>();
    for (EvalSet.Line l : EvalSet.lines()) {
      if (!intents.contains(l.intent()) || !intents.containsAll(l.alsoAccepted())) {
        bad.add(l.number() + " intent " + l.intent());
      }
      l.slots()
          .forEach(
              (k, v) -> {
                if (!valid.containsKey(k) || !valid.get(k).apply(v)) {
                  bad.add(l.number() + " " + k + "=" + v);
                }
              });
    }
    assertThat(bad).isEmpty();
    assertThat(valid.keySet()).containsExactlyInAnyOrderElementsOf(EvalSet.SCORED);
  }

  @Test
  @DisplayName("the roster: about 60 customers, ids and names unique, the spec's customers in it")
  void roster() {
    List<KnownCustomer> roster = EvalSet.roster();
    assertThat(roster).hasSizeGreaterThanOrEqualTo(60);
    assertThat(new HashSet<>(roster.stream().map(KnownCustomer::id).toList()))
        .hasSameSizeAs(roster);
    assertThat(new HashSet<>(roster.stream().map(KnownCustomer::name).toList()))
        .hasSameSizeAs(roster);
    assertThat(roster.stream().map(KnownCustomer::name))
        .contains("北京星河传媒有限公司", "盛彩食品有限公司", "天海贸易有限公司", "远海贸易有限公司", "蓝鲸物流科技有限公司", "鼎海采购服务有限公司");
    assertThat(EvalSet.names().size()).isEqualTo(roster.size());
  }

  @Test
  @DisplayName("the scorer: amounts as numbers, a due given as a day takes any time of that day")
  void scorer() {
    assertThat(LanguageEval.same(new BigDecimal("450000"), 450000L)).isTrue();
    assertThat(LanguageEval.same(new BigDecimal("35000"), 35000.0)).isTrue();
    assertThat(LanguageEval.same(new BigDecimal("-450000"), 450000L)).isFalse();
    assertThat(LanguageEval.same("2026-11-27", "2026-11-27T17:30+08:00")).isTrue();
    assertThat(LanguageEval.same("2026-11-27", "2026-11-28T09:00+08:00")).isFalse();
    assertThat(LanguageEval.same("2026-11-24T09:00+08:00", "2026-11-24T09:00+08:00")).isTrue();
    assertThat(LanguageEval.same(List.of("李四"), List.of("李四", "王五"))).isFalse();
  }

  private static boolean isDay(Object v) {
    try {
      LocalDate.parse(String.valueOf(v));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** As OffsetDateTime.toString() writes it at a whole minute: 2026-11-24T09:00+08:00. */
  private static boolean isMinute(Object v) {
    try {
      return OffsetDateTime.parse(String.valueOf(v)).toString().equals(v);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
