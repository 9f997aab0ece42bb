package com.chatcrm.language;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slots of the questions: which customer a search is for (查 星河, 星河是谁的客户), and the scope and day
 * of a listing (漏斗, 日报, 待办, 公海).
 */
final class QuerySlots {

  private QuerySlots() {}

  static void findCustomer(ParseRun r) {
    r.contentOverride = "";
    if (r.linked()) {
      return;
    }
    String m = r.masked();
    Matcher q =
        Pattern.compile("(\\S{1,20}?)\\s*(是谁的客户|谁负责|谁的客户|的电话|的联系方式|的负责人|怎么样了|什么情况)").matcher(m);
    if (q.find()) {
      r.customer = ParseRun.clean(q.group(1));
    } else {
      // 有没有叫富士康的客户: the name asked about, without the asking around it; a name typed
      // without that asking (查 不存在的公司) is kept whole
      String named =
          m.replaceFirst("^(一下|下)?(客户)?", "")
              .replaceFirst("^\\s*(?:帮我|麻烦)?(?:查查|查一下|查下|搜搜|搜一下|找找|看看)?", "");
      String unwrapped =
          named
              .replaceFirst("^\\s*(?:有没有|是否有|有无|有)(?:一个|个|一家|家)?(?:叫|名叫|叫做|名字叫|名为)?", "")
              .replaceFirst("^\\s*(?:叫|名叫|叫做|名字叫)", "");
      String rest =
          ParseRun.clean(
              unwrapped.equals(named)
                  ? unwrapped
                  : unwrapped.replaceFirst(
                      "(?:的|这个|这家)?(?:客户|公司)?(?:有没有|有吗|在不在|吗|没有|没)?\\s*$", ""));
      r.customer = rest.isEmpty() ? null : rest;
    }
    r.contentOverride = "";
  }

  /** Pipeline and daily report are the rep's own or the team's; only the pool keeps a filter. */
  static void listing(ParseRun r) {
    Intent intent = r.intent;
    r.scope =
        Pattern.compile("团队|全组|我们组|部门|全员|大家|下属|\\bteam\\b", Pattern.CASE_INSENSITIVE)
                .matcher(r.text)
                .find()
            ? "team"
            : intent == Intent.DAILY_REPORT ? "team" : "me";
    if (intent != Intent.PIPELINE && intent != Intent.DAILY_REPORT) {
      r.scope = null;
    }
    // 明天的待办: the day asked about; a clock time alone (待办 下午) is no day
    if (r.date == null
        && r.due != null
        && (intent != Intent.TODO || !r.due.toLocalDate().equals(r.now.toLocalDate()))) {
      r.date = r.due.toLocalDate();
    }
    r.due = null;
    r.contentOverride =
        intent == Intent.POOL
            ? ParseRun.clean(r.masked().replaceAll("看看|看下|看一下|里|有什么|有哪些|的|客户|列表", " "))
            : "";
  }
}
