package com.chatcrm.language;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slots of a new deal (商机: its name, amount and stage) and of a stage move (推进 / 赢单 / 输单: which
 * deal and to which stage).
 */
final class OpportunitySlots {

  static final Pattern MOVE_WORD =
      Pattern.compile(
          "推进到|推进至|推到|进入到|进入|进到|到了|(?<![收想得达遇碰感做等])到(?=\\S{2,4}阶段)|改为|改成|移到|变为|变成|转入|升到|->|→|\\bto\\b|推进");

  private static final Pattern REASON =
      Pattern.compile("^[\\s,.;:!?。-]*(?:(?:原因|理由|因为)\\s*(?:是|:)?)?");

  private static final Pattern SIGN_AFTER = Pattern.compile("\\s*(?:签约|签单|签合同|成交|签|落地)");

  private OpportunitySlots() {}

  static void addOpportunity(ParseRun r) {
    if (r.amountStart >= 0) {
      r.use(r.amountStart, r.amountEnd);
    }
    Matcher expect = Pattern.compile("(预计|预期|计划|争取|有望|估计)[^,.;!?。]*").matcher(r.masked());
    boolean expected = expect.find();
    String expectedWords = null;
    if (expected) {
      r.use(expect.start(), expect.end());
      String said = r.text.substring(expect.start(), expect.end());
      expectedWords =
          ParseRun.clean(
              r.amountStart >= 0
                  ? said.replace(r.text.substring(r.amountStart, r.amountEnd), " ")
                  : said);
    }
    if (r.due != null) {
      // 预计年底签约, 下周五签约: the time of a new deal is when it should close — its close date,
      // not a reminder
      r.closeDate = r.due.toLocalDate();
      Matcher sign = SIGN_AFTER.matcher(r.text).region(r.dueEnd, r.text.length());
      if (sign.lookingAt()) {
        r.use(sign.start(), sign.end());
      }
      r.due = null;
    } else if (expected) {
      CloseDates.Found found =
          CloseDates.at(
              r.text.substring(expect.start() + expect.group(1).length()), r.now.toLocalDateTime());
      r.closeDate = found == null ? null : found.date();
    }
    wholeTokenStage(r);
    CustomerSlots.customerFirstToken(r, false);
    if (r.customer == null) {
      CustomerSlots.customerByPatterns(r);
    }
    String name = ParseRun.clean(r.masked());
    name = ParseRun.clean(name.replaceAll("(预计|预期|计划|争取)\\S*", " "));
    r.opportunity = name.isEmpty() ? null : name.replaceAll("^(的|有个|有一个|\\s)+", "");
    // a sentence about a new deal is kept as said (大概3.5万的小单); after 商机 the slots say it all
    // but the words about the close
    r.contentOverride = !r.keyword ? typedWords(r) : expectedWords == null ? "" : expectedWords;
  }

  /**
   * What was typed about the deal, as typed (大概3.5万的小单, 预计年底签约 80万): the words after the command
   * word, without the customer's name.
   */
  private static String typedWords(ParseRun r) {
    StringBuilder b = new StringBuilder();
    for (int i = Math.min(r.bodyStart, r.text.length()); i < r.text.length(); i++) {
      b.append(i >= r.linkStart && i < r.linkTail ? ' ' : r.text.charAt(i));
    }
    String typed = ParseRun.clean(b.toString());
    if (!r.linked() && r.customer != null && typed.startsWith(r.customer)) {
      typed = ParseRun.clean(typed.substring(r.customer.length()));
    }
    return typed;
  }

  static void moveStage(ParseRun r) {
    r.useLeading("到", "至");
    OutcomeWords.Hit outcome = OutcomeWords.in(r.masked());
    boolean negated = outcome != null && OutcomeWords.negation(outcome);
    if (negated) {
      // 没有成交: the stage word inside a negation names no stage
      r.use(outcome.start(), outcome.end());
    }
    String m = r.masked();
    String ml = m.toLowerCase(Locale.ROOT);
    Matcher move = MOVE_WORD.matcher(ml);
    int subjectEnd;
    if (move.find()) {
      stageSlot(r, m, move.end());
      if (r.stage == null) {
        stageSlot(r, m, 0);
      }
      subjectEnd = move.start();
      r.use(move.start(), move.end());
    } else {
      subjectEnd = m.length();
      stageSlot(r, m, 0);
    }
    if (outcome != null) {
      subjectEnd = Math.min(subjectEnd, outcome.start());
      r.use(outcome.start(), outcome.end());
    }
    if (r.stage == null || r.stages.kindOf(r.stage) == StageKind.OPEN) {
      if (outcome != null && outcome.outcome() == OutcomeWords.Outcome.WON) {
        r.stage = r.stages.nameOfKind(StageKind.WON);
      } else if (outcome != null && outcome.outcome() == OutcomeWords.Outcome.LOST) {
        r.stage = r.stages.nameOfKind(StageKind.LOST);
      }
    } else {
      subjectEnd = Math.min(subjectEnd, r.stages.firstMention(m));
    }
    if (negated && r.stage != null && r.stages.kindOf(r.stage) == StageKind.WON) {
      // a line that says the deal was not won is never recorded as won: lost, or, while it is
      // still open (还没签, 快签了), no stage at all
      r.stage = OutcomeWords.open(outcome) ? null : r.stages.nameOfKind(StageKind.LOST);
    }
    amountWords(r);
    String subject =
        ParseRun.clean(
            r.masked()
                .substring(0, Math.min(subjectEnd, r.masked().length()))
                .replaceAll("^(把|将|和|跟|与|同)", ""));
    subject =
        subject
            .replaceAll("(最后|最终|终于|还是|已经|刚刚|刚|也|这单|那单|这个单|那个单)$", "")
            .replaceAll("(那个|这个|的)(合同|订单)$", "")
            .replaceAll("(那个|这个|的)?(商机|单子|项目)?$", "")
            .replaceAll("(那个|这个|的)$", "");
    if (!subject.isEmpty()) {
      String[] parts = subject.split(" ");
      if (!r.linked()) {
        r.customer = parts[0];
        r.candidates.add(r.customer);
      }
      r.opportunity = subject.replace(" ", "");
      int at = r.masked().indexOf(parts[0]);
      if (at >= 0) {
        r.use(at, Math.min(subjectEnd, r.masked().length()));
      }
    }
    r.use(0, Math.min(subjectEnd, r.used.length));
    // after 输单 comes the reason; 原因：预算不足 is the reason 预算不足
    Matcher why = REASON.matcher(r.masked());
    if (why.find()) {
      r.use(why.start(), why.end());
    }
  }

  /** 合同额 52万: the amount and its label are not the deal's name nor the reason. */
  private static void amountWords(ParseRun r) {
    if (r.amountStart < 0) {
      return;
    }
    r.use(r.amountStart, r.amountEnd);
    Matcher label =
        Pattern.compile("(合同额|合同金额|金额|签约额|成交额|成交价|总价|总额|价格)\\s*(是|为|:)?\\s*$")
            .matcher(r.masked().substring(0, r.amountStart));
    if (label.find()) {
      r.use(label.start(), label.end());
    }
  }

  /**
   * The first stage word of {@code m} from {@code from} on (the longer where two start together).
   */
  private static void stageSlot(ParseRun r, String m, int from) {
    String l = m.toLowerCase(Locale.ROOT);
    int at = Integer.MAX_VALUE;
    String key = null;
    for (Map.Entry<String, String> e : r.stages.aliases().entrySet()) {
      int i = l.indexOf(e.getKey(), from);
      if (i >= 0 && (i < at || i == at && e.getKey().length() > key.length())) {
        at = i;
        key = e.getKey();
      }
    }
    if (key != null) {
      r.stage = r.stages.aliases().get(key);
      r.use(at, at + key.length());
    }
  }

  /** A stage named as a word of its own (商机 … 方案报价), not inside a phrase (预计签约). */
  private static void wholeTokenStage(ParseRun r) {
    Matcher t = Pattern.compile("[^\\s,.;:!?。、]+").matcher(r.masked());
    while (t.find()) {
      // 谈判阶段, 需求确认阶段: the stage's name with the word 阶段
      String alias = t.group().toLowerCase(Locale.ROOT).replaceAll("(?<=..)(阶段|中)$", "");
      if (r.stages.aliases().containsKey(alias)) {
        r.stage = r.stages.aliases().get(alias);
        r.use(t.start(), t.end());
        return;
      }
    }
  }
}
