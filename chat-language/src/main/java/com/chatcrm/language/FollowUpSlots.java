package com.chatcrm.language;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slots of a follow-up (跟进: how it happened, when, and the next step) and of a reminder (提醒我:
 * the time it is due).
 */
final class FollowUpSlots {

  /** A way of following up, its words, and the characters one of which each of its words holds. */
  private record Method(String name, Pattern words, Screen screen) {}

  private static final List<Method> METHODS =
      List.of(
          new Method(
              "meeting",
              Pattern.compile(
                  "视频会议|腾讯会议|线上会议|开会|会议|需求会|(?:演示|产品|座谈|培训|发布|见面|答疑|复盘|例|周)会|会(?:开完|开好|结束)|(?:交流|沟通|线上|线下|视频|电话|评审|启动|汇报|研讨|碰头|推介|说明|宣讲|对接)会(?!员|计|不会)|开[了完]?.{0,6}会|\\bmeeting\\b|zoom",
                  Pattern.CASE_INSENSITIVE),
              // every Chinese word holds 会; meeting, zoom
              Screen.anyOfOrLatin("会")),
          new Method(
              "call",
              Pattern.compile(
                  "电话|通话|电联|致电|来电|打给|打过去|回拨|没人接|没接通|未接通|占线|\\bcall(ed)?\\b|\\bphone\\b",
                  Pattern.CASE_INSENSITIVE),
              // 电话 通话 电联 致电 来电 打给 打过去 回拨 没人接 没接通 未接通 占线; call, phone
              Screen.anyOfOrLatin("电话打拨接线")),
          new Method(
              "wechat",
              Pattern.compile(
                  "微信|wechat|weixin|\\bwx\\b|(?<![A-Za-z])v(?:x|信)(?![A-Za-z0-9])",
                  Pattern.CASE_INSENSITIVE),
              // 微信 v信; wechat, weixin, wx, vx
              Screen.anyOfOrLatin("微信")),
          new Method(
              "email",
              Pattern.compile("邮件|邮箱|\\be-?mail(ed)?\\b", Pattern.CASE_INSENSITIVE),
              Screen.anyOfOrLatin("邮")),
          new Method(
              "visit",
              Pattern.compile(
                  "拜访|上门|登门|面谈|见完?面|面访|现场|实地|考察|走访|来访|(?<![过回出进上下])去了|\\bvisit(ed)?\\b|去(?!年)[\\p{IsHan}\\s]{1,10}?(开|谈|见|聊|签|演示|交流|找|坐)",
                  Pattern.CASE_INSENSITIVE),
              // 拜访 上门 登门 面谈 见面 面访 现场 实地 考察 走访 来访 去了 去…谈; visit
              Screen.anyOfOrLatin("拜访门面场地察去")));

  private FollowUpSlots() {}

  static void logFollowUp(ParseRun r) {
    if (r.keyword) {
      CustomerSlots.customerFirstToken(r, true);
    }
    CustomerSlots.customerByPatterns(r);
    if (r.customer == null && r.masked().strip().matches("\\S{2,20} .*")) {
      CustomerSlots.customerFirstToken(r, false);
    }
    CustomerSlots.contactByTitle(r);
    r.method = methodOf(r.masked());
    followUpTimes(r);
    followUpNextStep(r);
  }

  static void setReminder(ParseRun r) {
    if (r.due == null && r.dateOnlyToday != null) {
      r.due = r.dateOnlyToday;
    }
    r.useLeading("我", "一下", "下");
    CustomerSlots.customerByPatterns(r);
    CustomerSlots.contactByTitle(r);
  }

  /** meeting, call, wechat, email, visit or other: how a follow-up happened. */
  static String methodOf(String s) {
    // 打给港城物流 对方说在开会: the way before what was said is the rep's own
    Matcher said = SAID.matcher(s);
    if (said.find() && said.start() > 0) {
      String own = firstMethod(s.substring(0, said.start()));
      if (!own.equals("other")) {
        return own;
      }
    }
    // 拜访了，明天下午再打电话: the way of a clause about the next time is the next step's, not this one's
    String done = NEXT_CLAUSE.matcher(s).replaceAll(" ");
    if (!done.isBlank() && done.length() < s.length()) {
      String own = firstMethod(done);
      if (!own.equals("other")) {
        return own;
      }
    }
    return firstMethod(s);
  }

  private static final Pattern SAID = Pattern.compile("说|表示|反馈|回复");

  /** A clause that says what comes next: 明天再打电话, 下周约个会, 回头发邮件. */
  private static final Pattern NEXT_CLAUSE =
      Pattern.compile("[^，,。;；!！?？]*(?:明天|后天|下周|下个?月|改天|过两天|回头|下次|再)[^，,。;；!！?？]*");

  private static String firstMethod(String s) {
    for (Method m : METHODS) {
      if (m.screen().admits(s) && m.words().matcher(s).find()) {
        return m.name();
      }
    }
    return "other";
  }

  /**
   * In a follow-up, a time whose clause says 了/过 is when it happened, not the next time — unless it
   * falls on a later day (明天下午再过去一趟: 过去 is going there, the next follow-up).
   */
  private static void followUpTimes(ParseRun r) {
    if (r.due == null || r.dueStart < 0 || r.due.toLocalDate().isAfter(r.now.toLocalDate())) {
      return;
    }
    int stop = r.dueEnd;
    while (stop < r.text.length() && !ParseRun.is(ParseRun.CLAUSE_END, r.text.charAt(stop))) {
      stop++;
    }
    if (!r.text.substring(r.dueEnd, stop).matches(".*(了|过|完).*")) {
      return;
    }
    OffsetDateTime happened = r.due;
    r.due = null;
    r.dueStart = -1;
    LocalDate other = r.date;
    r.date = happened.toLocalDate();
    if (other != null && other.isAfter(r.now.toLocalDate()) && r.laterHit != null) {
      r.due = r.laterHit.value().atZone(r.now.getZone()).toOffsetDateTime();
      r.dueStart = r.laterHit.start();
      r.dueEnd = r.laterHit.end();
    }
  }

  private static void followUpNextStep(ParseRun r) {
    if (r.due == null || r.dueStart < 0) {
      return;
    }
    // 下周四下午再约: what follows the next time is the next step
    int end = r.dueEnd;
    int stop = end;
    while (stop < r.text.length() && !ParseRun.is(ParseRun.CLAUSE_END, r.text.charAt(stop))) {
      stop++;
    }
    String step =
        ParseRun.clean(r.text.substring(end, stop)).replaceFirst("^(之前|以前|前)", "").strip();
    if (!step.isEmpty()) {
      r.nextStep = step;
      r.use(end, stop);
    } else {
      r.nextStep = "跟进";
    }
  }
}
