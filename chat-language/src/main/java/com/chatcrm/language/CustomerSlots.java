package com.chatcrm.language;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a line is about — the customer and the contact person — and the slots of the customer
 * intents: 新客户, 领取 (claim), 转给 (transfer) and a line addressed to a colleague (mention).
 */
final class CustomerSlots {

  /** What a rep asks a colleague to do, ahead of the customer's name in "@李四 帮忙跟进一下 星河". */
  private static final Pattern REQUEST =
      Pattern.compile("^(?:麻烦|辛苦)?(?:你)?(?:帮忙|帮我|帮)?(?:跟进|跟|看看|看|处理|联系|对接|回访|负责|关注|了解)?(?:一下|下)?");

  static final Pattern OWNER_CHANGE =
      Pattern.compile(
          "(?:负责人|跟进人|归属人|所属销售|销售)\\s*(?:改成|改为|换成|换为|变成|调整为|改到)\\s*@?(\\p{IsHan}{2,4})");

  private static final Pattern CONTACT_KEY =
      Pattern.compile(
          "(?:联系人|对接人|contact)\\s*:?\\s*([^\\s,.;:!?。、\\d]{1,10})", Pattern.CASE_INSENSITIVE);
  static final String TITLES = "(?:经理|总监|总|老师|主任|工|先生|女士|小姐|老板|助理|秘书|主管|部长|处长|科长|姐|哥)";

  /** One character of each title: 经理 总监 总 老师 主任 工 先生 女士 小姐 老板 助理 秘书 主管 部长 处长 科长 姐 哥. */
  private static final Screen TITLE_CHARS = Screen.anyOf("经总师任工生士姐板理书管长哥");

  private static final Pattern CONTACT_TITLE =
      Pattern.compile(
          "(?<=^|[\\s,和跟与找约见给问系访的部是]|了|采购|运营|技术|财务|销售|市场|行政|人事|总监|老板|主管)(?![和跟与找约见给问的了部是])(?!他们|她们|他|她|对方|我们|咱们|你们|人家|那边|这边|那个|这个|大)(\\p{IsHan}{1,2}?"
              + TITLES
              + ")(?=聊|谈|沟通|开|通|见|约|说|确认|对接|电话|微信|视频|打|吃|喝|来|加|问|要|反馈|表示|回复|发|让|和|$|"
              + ParseRun.SEP
              + "|的)");

  /** Verbs and method words that end a customer name written without a space after it. */
  private static final Pattern NAME_END =
      Pattern.compile(
          "电话|打电话|微信|拜访|上门|邮件|开会|会议|视频|聊|谈|沟通|说|约|见|发|去|来|报价|今天|明天|昨天|后天|下周|本周|这周|上午|下午"
              + "|晚上|中午|早上|需求|合同|方案|推进|转给|的|了|确认|签|交|已|要|想|在|和|跟|同|对|把|给|是");

  /** Words no company name has: where a name typed without a space must end. */
  private static final Pattern STRONG_END =
      Pattern.compile(
          "电话|打电话|微信|拜访|上门|邮件|开会|会议|聊了|谈了|沟通|发了|约了|报价|今天|明天|昨天|后天|下周|上周|本周|上午|下午|晚上|中午");

  private static final List<Pattern> CUSTOMER_PATTERNS =
      List.of(
          Pattern.compile(
              "去(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:开|谈|拜访|见|聊|签|送|参加|做|看|演示|交流|沟通|了解)"),
          Pattern.compile("拜访了?(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?=的|,|$|\\s|。|聊|谈)"),
          Pattern.compile("给(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:打|发|送|回|寄|报|做|演示|准备)"),
          Pattern.compile(
              "(?:和|跟|与)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:的|聊|谈|开|沟通|通|约|见|签|打|电话|微信)"),
          Pattern.compile(
              "(?:回访|联系|约见|催|跟进|提醒)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?=回款|付款|签|的|$|\\s|,|。|要|报价|合同|发|确认|续费|尾款|开票|对账)"),
          Pattern.compile("(?:^|\\s)(\\p{IsHan}{2,12}?|[A-Za-z][\\w&.-]{1,30}?)(?:的|那边|这边|那家)"),
          Pattern.compile(
              "(?:call|called|email|emailed|visit|visited|meet|met|with)\\s+([A-Za-z][\\w&.-]{1,30})",
              Pattern.CASE_INSENSITIVE),
          // call 龙湖, check 融创 payment: in an English line the Chinese words are the name
          Pattern.compile(
              "(?i)\\b(?:call|ring|email|mail|visit|meet|see|ping|text|message|check|chase|with|to)\\s+(\\p{IsHan}{2,12})(?=\\s|$|,)"),
          // remind me to review deals: after "to" a lower-case word is what to do, a name is
          // capitalised
          Pattern.compile("(?i:\\bto)\\s+([A-Z][\\w&.-]{1,30})"));

  private static final Pattern NOT_A_NAME =
      Pattern.compile(
          "(?i)客户|那边|这边|那家|这家|现场|实地|工地|一趟|趟|他们|对方|我们|大家|老板|领导|同事|call|send|email|visit|meet|the|a|an|about|to|me|him|her|them|prepare|计划|方案|报告|总结|周报|日报|行程");

  private CustomerSlots() {}

  static void addCustomer(ParseRun r) {
    LinkedCustomers.unlink(r);
    contactByKeyword(r);
    customerFirstToken(r, false);
    englishName(r);
    contactByTitle(r);
    r.contentOverride =
        ParseRun.clean(r.masked().replaceAll("(?i)电话|手机|座机|\\bphone\\b|\\btel\\b|联系方式|号码", " "));
  }

  static void claim(ParseRun r) {
    customerRest(r);
    r.contentOverride = "";
  }

  static void mention(ParseRun r) {
    customerByPatterns(r);
    if (r.customer == null) {
      customerFirstTokenLoose(r);
    }
  }

  static void transfer(ParseRun r) {
    Matcher owner = OWNER_CHANGE.matcher(r.masked());
    if (owner.find() && r.mentions.isEmpty()) {
      // 负责人改成李四: the new owner is named like a mention
      r.mentions.add(CommonSlots.chineseName(owner.group(1)));
      r.use(owner.start(), owner.end());
    }
    String m = r.masked();
    boolean linked = r.linked();
    // 转给 as the leading command word (鼎海转给郑十 once the customer is linked) was used up
    boolean leading = r.keyword && r.text.substring(0, r.bodyStart).endsWith("转给");
    if (r.mentions.isEmpty() && (r.lower.startsWith("转给") || leading)) {
      String target = ParseRun.clean(m).split(" ")[0];
      if (!target.isEmpty()) {
        String n = CommonSlots.chineseName(target);
        r.mentions.add(n);
        int at = m.indexOf(n);
        r.use(at, at + n.length());
        m = r.masked();
      }
    }
    Matcher to =
        Pattern.compile(
                "(?:转给|转交给|移交给|交给|转交|移交|\\bto\\b|(?<=^|\\s)给)\\s*(?:@)?(\\p{IsHan}{2,4}|[A-Za-z]\\w{1,20})?")
            .matcher(m);
    if (to.find()) {
      if (to.group(1) != null && r.mentions.isEmpty()) {
        String n = CommonSlots.chineseName(to.group(1));
        r.mentions.add(n);
        r.use(to.start(1), to.start(1) + n.length());
      }
      r.use(to.start(), to.group(1) != null && r.mentions.size() == 1 ? to.start(1) : to.end());
    }
    String rest = ParseRun.clean(r.masked().replaceAll("^(把|将)", "").replaceAll("(这个|这家)?客户", ""));
    rest = rest.replaceAll("^(把|将)", "").strip();
    if (!rest.isEmpty() && !linked) {
      r.customer = rest.split(" ")[0].replaceAll("(的)?(客户)?$", "");
      r.candidates.add(r.customer);
    }
    if (!rest.isEmpty() || linked) {
      r.use(0, r.used.length);
    }
  }

  private static final Pattern ENGLISH_NAME_PART =
      Pattern.compile("\\s+([A-Z][\\w&.-]*|(?i:inc|ltd|llc|corp|co|group|gmbh)\\.?)(?=[\\s,;]|$)");

  /** new customer Stark Industries: an English name goes on while its words are capitalised. */
  private static void englishName(ParseRun r) {
    if (r.customer == null || !r.customer.matches("[A-Za-z][\\w&.-]*")) {
      return;
    }
    int end = r.text.indexOf(r.customer, r.bodyStart) + r.customer.length();
    Matcher m = ENGLISH_NAME_PART.matcher(r.text);
    StringBuilder name = new StringBuilder(r.customer);
    while (end > 0 && m.find(end) && m.start() == end && !r.isUsed(m.start(1), m.end(1))) {
      name.append(' ').append(m.group(1));
      r.use(end, m.end());
      end = m.end();
    }
    r.candidates.remove(r.customer);
    r.customer = name.toString();
    r.candidates.add(0, r.customer);
  }

  /** The first word after the command word is the customer (跟进 星河 ...). */
  static void customerFirstToken(ParseRun r, boolean cutAtVerbs) {
    if (r.linked()) {
      return;
    }
    int start = r.firstUnused(r.bodyStart);
    if (start >= r.text.length()) {
      return;
    }
    int end = start;
    while (end < r.text.length()
        && !r.used[end]
        && !ParseRun.is(ParseRun.SEP_CHAR, r.text.charAt(end))) {
      end++;
    }
    end = bracketed(r, end);
    String token = r.text.substring(start, end);
    if (cutAtVerbs && token.codePoints().anyMatch(Character::isIdeographic)) {
      // 跟进 电话聊了续费: no customer named; 跟进星河电话聊了续费: the name ends where the story starts
      Matcher strong = STRONG_END.matcher(token);
      if (strong.find()) {
        if (strong.start() < 2) {
          return;
        }
        token = token.substring(0, strong.start());
      } else if (token.length() > 8) {
        Matcher v = NAME_END.matcher(token);
        if (v.find(2)) {
          token = token.substring(0, v.start());
        }
      }
      end = start + token.length();
    }
    token = token.replaceAll("的$", "");
    if (token.isEmpty() || token.startsWith("的") || r.stages.isName(token)) {
      return;
    }
    r.customer = token;
    r.candidates.add(0, token);
    r.use(start, end);
  }

  private static final Pattern BRACKET_PART =
      Pattern.compile("\\([^()\\s]{1,12}\\)[^\\s,.;:!?。、()]+");

  /** 阿里巴巴(中国)有限公司: a bracket inside a legal name belongs to it. */
  private static int bracketed(ParseRun r, int end) {
    Matcher b = BRACKET_PART.matcher(r.text).region(end, r.text.length());
    return b.lookingAt() && !r.isUsed(b.start(), b.end()) ? b.end() : end;
  }

  static void customerFirstTokenLoose(ParseRun r) {
    if (r.linked()) {
      return;
    }
    String m = r.masked().strip();
    String[] parts = ParseRun.SEPS.split(m);
    for (String part : parts) {
      // "@李四 帮忙跟进一下 星河": the request is not the customer
      String p = REQUEST.matcher(part).replaceFirst("");
      if (p.length() >= 2 && p.codePoints().allMatch(Character::isIdeographic) && p.length() <= 8) {
        r.customer = p;
        r.candidates.add(p);
        return;
      }
    }
  }

  static void customerRest(ParseRun r) {
    if (r.linked()) {
      return;
    }
    String rest = ParseRun.clean(r.masked().replaceFirst("^\\s*(一下|下)?(客户)?", ""));
    if (!rest.isEmpty()) {
      r.customer = rest.split(" ")[0];
      r.candidates.add(r.customer);
    }
  }

  /** Customers named inside the sentence (去星河开会, 给华为打电话), every one a candidate. */
  static void customerByPatterns(ParseRun r) {
    if (r.linked()) {
      return;
    }
    String m = r.masked();
    for (Pattern p : CUSTOMER_PATTERNS) {
      Matcher x = p.matcher(m);
      int from = 0;
      while (from < m.length() && x.find(from)) {
        from = x.start() + 1;
        String c = x.group(1).replaceAll("^(了|一下|下|个|看下|看一下|看看|问下|问问|帮忙|帮|请|把)+", "");
        Matcher titled = Pattern.compile("(\\p{IsHan}{2,})(\\p{IsHan}" + TITLES + ")$").matcher(c);
        if (titled.matches()) {
          c = titled.group(1);
          if (r.contact == null) {
            r.contact = titled.group(2);
          }
        }
        if (c.length() >= 2
            && !r.stages.isName(c)
            && !c.matches(".*(" + TITLES + ")$")
            && !NOT_A_NAME.matcher(c).matches()
            && !r.candidates.contains(c)) {
          r.candidates.add(c);
        }
      }
    }
    if (r.customer == null && !r.candidates.isEmpty()) {
      r.customer = r.candidates.get(0);
    }
  }

  static void contactByKeyword(ParseRun r) {
    Matcher m = CONTACT_KEY.matcher(r.text);
    if (m.find() && !r.isUsed(m.start(), m.end())) {
      r.contact = m.group(1);
      r.use(m.start(), m.end());
    }
  }

  static void contactByTitle(ParseRun r) {
    if (r.contact != null) {
      return;
    }
    String masked = r.masked();
    if (!TITLE_CHARS.admits(masked)) {
      return;
    }
    Matcher m = CONTACT_TITLE.matcher(masked);
    while (m.find()) {
      String c = m.group(1);
      if (r.customer != null && r.customer.contains(c)) {
        continue;
      }
      r.contact = c;
      if (r.intent == Intent.ADD_CUSTOMER || r.intent == Intent.CREATE_LEAD) {
        r.use(m.start(1), m.end(1));
      }
      return;
    }
  }
}
