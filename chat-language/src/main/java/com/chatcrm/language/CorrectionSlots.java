package com.chatcrm.language;

import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correction of the user's last entry: 不对，是下周四不是下周三; 刚才那条写错了，金额是 35万. The corrected value is the
 * one said without 不是 before it; the caller applies it to the last entry.
 */
final class CorrectionSlots {

  private static final Pattern LEAD =
      Pattern.compile(
          "^(?:(?:不好意思|抱歉|sorry|sry)[,.!。\\s]*)?(?:把|将)?(?:不对|错了|(?:金额|客户|时间|日期|联系人|电话|阶段)(?:写|记|说|填|打|录|设)错了|搞错了|说错了|写错了|记错了|填错了|打错了|更正(?:一下)?|纠正(?:一下)?|修正(?:一下)?"
              + "|(?:刚才|刚刚|上一条|上条|刚(?=[设记建加写录定]))(?:设|记|建|加|写|录|定)?的?(?:那条|那个|这条)?"
              + "(?:记录|提醒|跟进|商机)?的?(?:金额|客户|时间|日期|联系人|电话|阶段|内容)?(?:写|记|说|填|打|录|设)?错了"
              + "|改一下(?:刚才|刚刚|上一条|上条)(?:那条|那个|的)?"
              + "|(?i)oops|(?:sorry,?\\s*)?i meant|correction:?"
              + "|(?:刚才|刚刚|上一条|上条)(?:那条|那个)?(?:设|记|建|加|写|录|定)?的?(?:那条|那个|这条)?"
              + "(?:提醒|跟进|记录|商机)?的?(?:时间|日期|金额|客户|联系人|电话|阶段|内容)?(?:改成|改为|改到|换成|调到|挪到)"
              + "|(?=不是[^,;。]{1,16}?[,;。\\s]+(?:而)?是))"
              + "[,.;!。\\s]*");

  private static final Pattern NOT = Pattern.compile("(?:不是|而不是|并非)\\s*$");

  private static final Pattern FIELD =
      Pattern.compile("(?:时间|日期|金额|合同额|客户|联系人|电话|阶段|内容|应该|应|改成|改为)?\\s*(?:是|为|:)?");

  private CorrectionSlots() {}

  static boolean read(ParseRun r) {
    Matcher lead = LEAD.matcher(r.text);
    if (!lead.lookingAt()) {
      return false;
    }
    r.intent = Intent.CORRECT_LAST;
    r.use(0, lead.end());
    times(r);
    amount(r);
    // 不是下周三: what the line says was wrong is no slot
    Matcher not = Pattern.compile("(?:而不是|不是|并非)[^,.;!?。]*").matcher(r.text);
    while (not.find()) {
      r.use(not.start(), not.end());
    }
    CustomerSlots.contactByTitle(r);
    String method = FollowUpSlots.methodOf(r.masked());
    if (!method.equals("other") && r.phone == null) {
      r.method = method;
    }
    String stage = r.stages.in(r.masked());
    if (stage != null) {
      r.stage = stage;
    }
    boolean any =
        r.due != null
            || r.date != null
            || r.amount != null
            || r.linked()
            || r.contact != null
            || r.phone != null
            || r.stage != null;
    String rest = ParseRun.clean(FIELD.matcher(ParseRun.clean(r.masked())).replaceFirst(""));
    r.contentOverride = any ? "" : rest;
    return true;
  }

  /** The first time not preceded by 不是: the corrected one. */
  private static void times(ParseRun r) {
    r.due = null;
    r.date = null;
    LocalDateTime local = r.now.toLocalDateTime();
    for (TimeExpressions.Hit hit : TimeExpressions.find(r.text, local)) {
      if (NOT.matcher(r.text.substring(0, hit.start())).find()) {
        continue;
      }
      if (hit.value().isBefore(local)) {
        r.date = hit.value().toLocalDate();
      } else {
        r.due = hit.value().atZone(r.now.getZone()).toOffsetDateTime();
      }
      return;
    }
  }

  private static void amount(ParseRun r) {
    r.amount = null;
    Matcher m = Amounts.matcher(r.text);
    while (m.find()) {
      if (!NOT.matcher(r.text.substring(0, m.start())).find()) {
        r.amount = Amounts.value(m.group(1), m.group(2));
        r.use(m.start(), m.end());
        return;
      }
    }
  }
}
