package com.chatcrm.language;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** docs/language.md from one run of the evaluation set: the tables and the misses. */
final class LanguageReportMarkdown {

  static final String COMMAND =
      "mvn -B -o -pl chat-language test -Dtest=LanguageReport -Dlanguage.report=docs/language.md";
  static final double INTENT_FLOOR = 0.97;
  static final double SLOT_FLOOR = 0.95;
  static final int MISSES_SHOWN = 80;

  private LanguageReportMarkdown() {}

  /** The lines printed by every run: overall, the weakest intents and every slot. */
  static String summary(LanguageEval.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "language eval: %d lines, intent %s, fully right %s%n",
            r.outcomes().size(),
            pct(r.intentAccuracy()),
            pct((double) r.linesRight() / r.outcomes().size())));
    r.slots()
        .forEach(
            (slot, t) ->
                b.append(
                    String.format(
                        Locale.ROOT, "  %-10s %s of %d%n", slot, pct(t.accuracy()), t.counted)));
    return b.toString();
  }

  /**
   * @param missesShown how many misses to list (80 in docs/language.md; more with
   *     -Dlanguage.misses=N when hunting the parser's weak spots)
   */
  static String render(LanguageEval.Result r, int rosterSize, int missesShown) {
    StringBuilder b = new StringBuilder();
    b.append(LanguageReportText.intro(r.outcomes().size(), rosterSize, COMMAND));
    overall(b, r);
    intents(b, r);
    slots(b, r);
    tags(b, r);
    content(b, r);
    misses(b, r, missesShown);
    return b.toString();
  }

  private static void overall(StringBuilder b, LanguageEval.Result r) {
    int n = r.outcomes().size();
    long intentRight = r.outcomes().stream().filter(LanguageEval.Outcome::intentOk).count();
    boolean slotsHold = r.slots().values().stream().allMatch(t -> t.accuracy() >= SLOT_FLOOR);
    boolean holds = r.intentAccuracy() >= INTENT_FLOOR && slotsHold;
    b.append("## 总体 · Overall\n\n| | |\n|---|---|\n");
    b.append("| 行数 lines | ").append(n).append(" |\n");
    b.append("| 意图准确率 intent accuracy | ")
        .append(pct(r.intentAccuracy()))
        .append(" (")
        .append(intentRight)
        .append(" / ")
        .append(n)
        .append(") |\n");
    b.append("| 完全正确的行 lines fully right | ")
        .append(pct((double) r.linesRight() / n))
        .append(" (")
        .append(r.linesRight())
        .append(") |\n");
    b.append("| 内容保留 content kept (`contentContains`) | ")
        .append(r.content().correct)
        .append(" / ")
        .append(r.content().counted)
        .append(" |\n");
    b.append("| 底线 floor (意图 intent ≥ 97%, 每个信息 every slot ≥ 95%) | ")
        .append(holds ? "达到 met" : "未达到 not met")
        .append(" |\n\n");
  }

  private static void intents(StringBuilder b, LanguageEval.Result r) {
    b.append("## 各意图 · Per intent\n\n");
    b.append("| 意图 intent | 行 lines | 对 right | 准确率 accuracy | 识别成 got instead |\n");
    b.append("|---|---:|---:|---:|---|\n");
    for (String intent : intentOrder(r)) {
      LanguageEval.Tally t = r.intents().get(intent);
      String confused =
          r.confusion().getOrDefault(intent, Map.of()).entrySet().stream()
              .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
              .map(e -> e.getKey() + " ×" + e.getValue())
              .collect(Collectors.joining(", "));
      b.append(row("`" + intent + "`", t.counted, t.correct, pct(t.accuracy()), confused));
    }
    b.append('\n');
  }

  private static void slots(StringBuilder b, LanguageEval.Result r) {
    b.append("## 各信息 · Per slot\n\n");
    b.append("计入：期望有或解析出了该信息的行（多出的信息也算错）。");
    b.append(
        "Counted over the lines where the slot is expected or produced (an extra slot is a miss).\n\n");
    b.append("| 信息 slot | 计入 counted | 对 right | 准确率 accuracy | 缺 missing | 错 wrong | 多 extra |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    r.slots()
        .forEach(
            (slot, t) ->
                b.append(
                    row(
                        "`" + slot + "`",
                        t.counted,
                        t.correct,
                        pct(t.accuracy()),
                        t.missing,
                        t.wrong,
                        t.extra)));
    b.append("\n客户未命中的原因 · Why `customer` missed: ");
    b.append(
        List.of("missing", "unlinked", "wrong", "extra").stream()
            .map(k -> CAUSES.get(k) + " " + r.customerCauses().getOrDefault(k, 0))
            .collect(Collectors.joining(" · ")));
    b.append("。「原样未链接」指找到的是该客户名字的一段或别名（星河传媒、Acme），只差换成规范全称，属于链接器的部分；")
        .append("「错」指取了句子的别的部分。Unlinked: a piece of the right customer's name or an alias was")
        .append(
            " found, only not made canonical (the linker's share); wrong: another piece of the line.\n\n");
  }

  private static final Map<String, String> CAUSES =
      Map.of(
          "missing", "缺 missing",
          "unlinked", "原样未链接 unlinked",
          "wrong", "错 wrong",
          "extra", "多 extra");

  private static void tags(StringBuilder b, LanguageEval.Result r) {
    b.append("## 各标签 · Per tag\n\n");
    b.append("标签标出一行的写法，一行可有多个。Tags mark how a line is written; a line may have several.\n\n");
    b.append("| 标签 tag | 行 lines | 完全正确 fully right | % |\n|---|---:|---:|---:|\n");
    r.tags()
        .forEach(
            (tag, t) -> b.append(row("`" + tag + "`", t.counted, t.correct, pct(t.accuracy()))));
    b.append('\n');
  }

  /** The lines whose free content should keep some text (reasons, what to be reminded of). */
  private static void content(StringBuilder b, LanguageEval.Result r) {
    b.append("## 内容 · Content\n\n");
    b.append("不计分，单独检查：内容应保留的文字（输单原因、提醒的事、金额原文）。")
        .append("Not scored, checked apart: text the content should keep.\n\n");
    b.append("| # | 原句 line | 应包含 should contain | 结果 content |\n|---:|---|---|---|\n");
    r.outcomes().stream()
        .filter(o -> o.line().contentContains() != null)
        .filter(
            o ->
                !String.valueOf(o.got().getOrDefault("content", ""))
                    .contains(o.line().contentContains()))
        .forEach(
            o ->
                b.append(
                    row(
                        o.line().number(),
                        cell(o.line().text()),
                        cell(o.line().contentContains()),
                        cell(String.valueOf(o.got().getOrDefault("content", ""))))));
    b.append('\n');
  }

  private static void misses(StringBuilder b, LanguageEval.Result r, int limit) {
    Map<String, List<LanguageEval.Outcome>> byIntent = new LinkedHashMap<>();
    intentOrder(r).forEach(i -> byIntent.put(i, new ArrayList<>()));
    r.outcomes().stream().filter(o -> !o.ok()).forEach(o -> byIntent.get(o.line().intent()).add(o));
    int total = byIntent.values().stream().mapToInt(List::size).sum();
    Map<String, List<LanguageEval.Outcome>> shown = inTurn(byIntent, limit);
    b.append("## 未命中 · Misses\n\n");
    b.append(total)
        .append(" 行有错 lines have a miss")
        .append(
            total > limit
                ? "；列出 "
                    + limit
                    + " 行，按意图轮流选取 (shown: "
                    + limit
                    + ", taken in turn from each intent).\n\n"
                : " (all shown).\n\n");
    shown.forEach(
        (intent, list) -> {
          if (list.isEmpty()) {
            return;
          }
          b.append("### `").append(intent).append("`\n\n");
          b.append("| # | 原句 line | 期望 expected | 结果 got | 错在 wrong |\n|---:|---|---|---|---|\n");
          for (LanguageEval.Outcome o : list) {
            List<String> wrong = new ArrayList<>(o.wrongSlots());
            if (!o.intentOk()) {
              wrong.add(0, "intent");
            }
            b.append(
                row(
                    o.line().number(),
                    cell(o.line().text()),
                    cell(expected(o.line())),
                    cell(got(o.got())),
                    String.join(", ", wrong)));
          }
          b.append('\n');
        });
  }

  /** Up to {@code limit} misses, one from each intent in turn, so that no intent hides the rest. */
  private static Map<String, List<LanguageEval.Outcome>> inTurn(
      Map<String, List<LanguageEval.Outcome>> byIntent, int limit) {
    Map<String, List<LanguageEval.Outcome>> shown = new LinkedHashMap<>();
    byIntent.keySet().forEach(k -> shown.put(k, new ArrayList<>()));
    int taken = 0;
    for (int round = 0; taken < limit; round++) {
      boolean any = false;
      for (var e : byIntent.entrySet()) {
        if (round < e.getValue().size() && taken < limit) {
          shown.get(e.getKey()).add(e.getValue().get(round));
          taken++;
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return shown;
  }

  /** The intents of the set in the order of {@link Intent}. */
  private static List<String> intentOrder(LanguageEval.Result r) {
    List<String> order = new ArrayList<>(Arrays.stream(Intent.values()).map(Intent::code).toList());
    order.retainAll(r.intents().keySet());
    r.intents().keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
    return order;
  }

  private static String expected(EvalSet.Line l) {
    StringBuilder s = new StringBuilder(l.intent());
    if (!l.alsoAccepted().isEmpty()) {
      s.append(" (or ").append(String.join(", ", l.alsoAccepted())).append(')');
    }
    l.slots().forEach((k, v) -> s.append("; ").append(k).append('=').append(plain(v)));
    return s.toString();
  }

  private static String got(Map<String, Object> got) {
    StringBuilder s = new StringBuilder(String.valueOf(got.get("intent")));
    got.forEach(
        (k, v) -> {
          if (EvalSet.SCORED.contains(k)) {
            s.append("; ").append(k).append('=').append(plain(v));
          }
        });
    return s.toString();
  }

  private static String plain(Object v) {
    return v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String row(Object... cells) {
    return Arrays.stream(cells)
        .map(String::valueOf)
        .collect(Collectors.joining(" | ", "| ", " |\n"));
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }
}
