package com.chatcrm.language;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leads (线索) in a line: a new one ({@code 线索 星河科技 张总 13800001111 官网咨询}, {@code 有个线索，…}), its
 * conversion ({@code 星河科技 转客户 30万}), an invalid one ({@code 星河 线索无效 空号}) and the lists ({@code
 * 我的线索}, {@code 线索池}, {@code 团队线索}).
 */
final class LeadSlots {

  /** 线索 / 新线索 / 加个线索 / 有个线索 / 收到一条线索 …, then the company. */
  private static final Pattern CAPTURE =
      Pattern.compile(
          "^(?:(?:帮我|帮忙)?(?:新增|新建|添加|录入|录|记|加|登记)(?:一下|下)?(?:一个|个|一条|条)?|.{0,6}?(?:有|来了|收到|接到|拿到|加了|记了|录了|新增了|新加了)(?:一个|个|一条|条)?|新的?|)线索(?!池|列表|清单|无效|转|已|有|呢|吗|怎么|多少|几)[,:;\\s]*");

  private static final Pattern LIST =
      Pattern.compile(
          "^(?:看看?|查看?|列出)?(我的|团队的?|全部的?|所有的?)?线索(池|列表|清单)?(?:里?有哪些|有多少|都有什么|呢)?[?？]?$");

  /** 星河 转客户, 把星河科技的线索转成客户, 星河线索转商机 30万. */
  private static final Pattern CONVERT =
      Pattern.compile("^(?:把|将)?(.+?)(?:的?线索)?\\s*(?:转成|转为|转化为|转化成|转化|转)(客户|商机)(.*)$");

  private static final Pattern CONVERT_WORD = Pattern.compile("转(?:成|为|化为|化成)?(?:客户|商机)");

  private static final Pattern CONVERT_PREFIX =
      Pattern.compile("^(?:线索)?(?:转客户|转化)\\s*(\\S+)(.*)$");

  /** 星河 线索无效 空号, 星河的线索无效：同行. */
  private static final Pattern INVALID =
      Pattern.compile("^(?:把|将)?(.+?)\\s*的?\\s*线索\\s*(?:标记为|标为|设为|是)?\\s*无效(?:了)?[,:;：，\\s]*(.*)$");

  private static final Pattern INVALID_PREFIX =
      Pattern.compile("^(?:线索无效|无效线索)[,:;：，\\s]*(\\S+)[,:;：，\\s]*(.*)$");

  /** 领取线索 星河, 线索池的星河我领了. */
  private static final Pattern CLAIM =
      Pattern.compile("^(?:领取|认领|领)线索\\s*(\\S+)\\s*$|^线索池(?:里|中)?的?(\\S+?)我?(?:领了|领取|认领|要了)$");

  /** 星河 放回线索池, 把鼎海的线索退回线索池. */
  private static final Pattern RELEASE =
      Pattern.compile("^(?:把|将)?(.+?)(?:的?线索)?\\s*(?:放回|退回|还回|扔回|丢回|还给)(?:到)?线索池(?:里|去)?了?$");

  private LeadSlots() {}

  private static boolean release(ParseRun r) {
    Matcher m = RELEASE.matcher(r.text);
    if (!m.matches() || m.group(1).isBlank()) {
      return false;
    }
    r.intent = Intent.RELEASE_LEAD;
    r.keyword = true;
    company(r, m.group(1));
    done(r);
    return true;
  }

  /** Whether the line is about a lead; then its intent and slots are set. */
  static boolean read(ParseRun r) {
    if (!r.text.contains("线索")) {
      // 星河科技 转客户: a conversion needs no lead word
      return CONVERT_WORD.matcher(r.text).find() && convert(r);
    }
    return list(r) || claim(r) || release(r) || invalid(r) || convert(r) || capture(r);
  }

  private static boolean list(ParseRun r) {
    Matcher m = LIST.matcher(r.text);
    if (!m.matches()) {
      return false;
    }
    r.intent = Intent.LIST_LEADS;
    r.keyword = true;
    String whose = m.group(1) == null ? "" : m.group(1);
    r.scope =
        "池".equals(m.group(2)) ? "pool" : whose.startsWith("我") || whose.isEmpty() ? "me" : "team";
    done(r);
    return true;
  }

  private static boolean claim(ParseRun r) {
    Matcher m = CLAIM.matcher(r.text);
    if (!m.matches()) {
      return false;
    }
    r.intent = Intent.CLAIM_LEAD;
    r.keyword = true;
    company(r, m.group(1) != null ? m.group(1) : m.group(2));
    done(r);
    return true;
  }

  private static boolean invalid(ParseRun r) {
    Matcher m = INVALID_PREFIX.matcher(r.text);
    if (!m.matches()) {
      m = INVALID.matcher(r.text);
      if (!m.matches()) {
        return false;
      }
    }
    r.intent = Intent.INVALIDATE_LEAD;
    r.keyword = true;
    company(r, m.group(1));
    r.use(0, r.text.length());
    String reason = ParseRun.clean(m.group(2).replaceFirst("^(?:原因|理由)[是:：]?", ""));
    r.contentOverride = reason;
    r.due = null;
    r.date = null;
    return true;
  }

  private static boolean convert(ParseRun r) {
    Matcher m = CONVERT.matcher(r.text);
    String company;
    String what;
    String rest;
    if (m.matches() && !m.group(1).isBlank()) {
      company = m.group(1);
      what = m.group(2);
      rest = m.group(3);
    } else if ((m = CONVERT_PREFIX.matcher(r.text)).matches()) {
      company = m.group(1);
      what = "客户";
      rest = m.group(2);
    } else {
      return false;
    }
    // 星河转客户: only a lead word makes 转 a conversion (星河 转给李四 is a transfer, never reaches here)
    if (company.matches(".*(?:转给|转交|移交).*")) {
      return false;
    }
    r.intent = Intent.CONVERT_LEAD;
    r.keyword = true;
    company(r, company.replaceAll("(?:这条|这个|的)$", ""));
    // with a deal when one is asked for (转商机, 并建商机) or an amount is said
    if ("商机".equals(what) || rest.contains("商机") || r.amount != null) {
      r.scope = "deal";
    }
    done(r);
    return true;
  }

  private static boolean capture(ParseRun r) {
    int start = r.firstUnused(0);
    Matcher m = CAPTURE.matcher(r.text.substring(start));
    if (!m.lookingAt() || start + m.end() >= r.text.length()) {
      return false;
    }
    r.intent = Intent.CREATE_LEAD;
    r.keyword = true;
    r.use(start, start + m.end());
    r.bodyStart = start + m.end();
    r.due = null;
    r.date = null;
    r.amount = null;
    CustomerSlots.addCustomer(r);
    // 云帆机械的王经理: the company, then whom to talk to there
    Matcher titled = COMPANY_OF_CONTACT.matcher(r.customer == null ? "" : r.customer);
    if (titled.matches() && r.contact == null) {
      r.customer = titled.group(1);
      r.contact = titled.group(2);
      r.candidates.clear();
      r.candidates.add(r.customer);
    }
    // the note is what is left; 电话 stays in it (电话进来的) unless it only labelled the number
    String note = LABELLED_PHONE.matcher(r.masked()).replaceAll(" ");
    r.contentOverride = ParseRun.clean(note).replaceFirst("^的\\s*", "");
    return true;
  }

  private static final Pattern COMPANY_OF_CONTACT =
      Pattern.compile("^(.{2,30}?)的(\\p{IsHan}{1,2}?" + CustomerSlots.TITLES + ")$");

  /** 电话 / 手机: right before the number (blanked once read), a label. */
  private static final Pattern LABELLED_PHONE =
      Pattern.compile(
          "(?:电话|手机|座机|联系方式|号码|tel|phone)\\s*[:：]?(?=\\s{7,})", Pattern.CASE_INSENSITIVE);

  private static void company(ParseRun r, String typed) {
    if (typed == null) {
      return;
    }
    String c = ParseRun.clean(typed).replaceAll("^(?:把|将)", "").replaceAll("(?:的|这个|这家|公司的)$", "");
    if (!c.isEmpty() && c.length() <= 30) {
      // a lead is no customer: what the linker found in the line does not stand
      r.customer = c;
      r.customerId = null;
      r.candidates.clear();
      r.candidates.add(c);
    }
  }

  private static void done(ParseRun r) {
    r.use(0, r.text.length());
    r.contentOverride = "";
    r.due = null;
    r.date = null;
  }
}
