package com.chatcrm.language;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Contracts and collections in a line: 回款 ({@code 星河 回款 20万}, {@code 收到星河打款 20万}, {@code 星河 20万
 * 到账了}) and 生成合同 ({@code 星河 生成合同 30万 分两期}, {@code 星河签了合同 12月20日 10万 1月20日 20万}).
 */
final class ContractSlots {

  private static final String MONEY = "(?:回款|收款|打款|付款|货款|尾款|首款|预付款|款项?)";

  /** 星河 回款 20万, 星河的尾款 20万: the customer before, the amount after. */
  private static final Pattern RECEIPT =
      Pattern.compile("^(.*?)\\s*的?\\s*(?:回款|收款|打款|付款|尾款|首款|预付款)了?\\s*(?:已?到账|收到)?\\s*$");

  /** 收到星河回款 20万, 收到星河的打款. */
  private static final Pattern RECEIVED_FROM =
      Pattern.compile("^(?:收到了?|收了)\\s*(.+?)\\s*的?\\s*" + MONEY + "\\s*$");

  /** 星河 20万 到账了, 星河的款 20万 收到了. */
  private static final Pattern ARRIVED =
      Pattern.compile("^(.+?)\\s*的?\\s*" + MONEY + "?\\s*(?:已经|已)?(?:到账|到了|收到|打过来|打来)了?\\s*$");

  /** 松柏精工 回款 (no amount): the customer, then only the word. */
  private static final Pattern RECEIPT_ONLY =
      Pattern.compile("^(\\S+?)\\s*的?\\s*(?:回款|收款|打款|尾款)了?$");

  /** 记得催阿里回款: someone is to be asked for the money, nothing was received. */
  private static final Pattern ASK_SOMEONE = Pattern.compile("催|记得|提醒|要|去|跟进|问");

  private static final Pattern QUESTION = Pattern.compile("什么|多少|几|吗|呢|[?？]|怎么|哪");

  private static final Pattern CONTRACT =
      Pattern.compile("生成合同|签了?合同|签订了?合同|出合同|建合同|新建合同|录合同|合同(?:已经|已)签(?:好|订)?了?");

  /** 12月20日 10万, 2027-01-20 20万, 1/20 回款 20万: a dated instalment. */
  private static final Pattern DATED =
      Pattern.compile(
          "(?:(\\d{4})\\s*[年/.-]\\s*)?(\\d{1,2})\\s*[月/.-]\\s*(\\d{1,2})\\s*[日号]?\\s*(?:前|之前)?\\s*(?:回款|付款|收款|付|收|回)?\\s*"
              + Amounts.AMOUNT.pattern());

  private static final Pattern RENEW_OR_REMIND = Pattern.compile("续签|续约|提醒|记得|别忘");

  /** Where the customer's name ends when it follows the contract word. */
  private static final Pattern AFTER_NAME =
      Pattern.compile("\\s*(?:的?合同(?:额|金额)|金额|总额|\\d|[零一二两三四五六七八九十]+万|分\\s*\\S\\s*期|[,，。])");

  private static final Pattern SPLIT =
      Pattern.compile("分\\s*([2-9]|1[0-2]|[两二三四五六七八九十]|十[一二])\\s*期");

  private static final Pattern JUST_NOW = Pattern.compile("^(?:今天|昨天|前天|刚刚|刚才)\\s*");

  private static final Screen RECEIPT_CHARS = Screen.anyOf("款到打");

  private ContractSlots() {}

  /** Whether the line records a receipt or makes a contract; then its intent and slots are set. */
  static boolean read(ParseRun r) {
    return contract(r) || receipt(r);
  }

  private static boolean receipt(ParseRun r) {
    if (!RECEIPT_CHARS.admits(r.text)) {
      // every receipt says 款 (回款, 打款, the MONEY words) or 到 / 打 (到账, 打过来)
      return false;
    }
    if (CONTRACT.matcher(r.text).find()) {
      return false;
    }
    String rest = withoutAmountAndTime(r);
    Matcher m;
    String customer;
    if (r.amount == null) {
      // 松柏精工 回款: a receipt whose amount is to be asked, never a follow-up that says 回款
      if (r.due == null
          && (m = RECEIPT_ONLY.matcher(rest)).matches()
          && !QUESTION.matcher(rest).find()
          && !ASK_SOMEONE.matcher(rest).find()) {
        customer = m.group(1);
      } else {
        return false;
      }
    } else if ((m = RECEIVED_FROM.matcher(rest)).matches()) {
      customer = m.group(1);
    } else if ((m = RECEIPT.matcher(rest)).matches() && !m.group(1).isBlank()) {
      customer = m.group(1);
    } else if ((m = ARRIVED.matcher(rest)).matches()) {
      customer = m.group(1);
    } else {
      return false;
    }
    r.intent = Intent.RECORD_RECEIPT;
    r.keyword = true;
    typedCustomer(r, customer);
    r.use(0, r.text.length());
    r.contentOverride = "";
    r.due = null;
    return true;
  }

  private static boolean contract(ParseRun r) {
    Matcher word = CONTRACT.matcher(r.text);
    // 提醒我下个月底续签合同: a time to come, or a renewal, is a reminder about the contract
    if (!r.text.contains("合同") || !word.find() || RENEW_OR_REMIND.matcher(r.text).find()) {
      return false;
    }
    List<String> plan = new ArrayList<>();
    List<int[]> planSpans = new ArrayList<>();
    Matcher d = DATED.matcher(r.text);
    while (d.find()) {
      LocalDate day = day(r, d.group(1), d.group(2), d.group(3));
      if (day == null) {
        continue;
      }
      plan.add(day + ":" + Amounts.value(d.group(4), d.group(5)).toPlainString());
      planSpans.add(new int[] {d.start(), d.end()});
    }
    if (r.due != null
        && planSpans.stream().noneMatch(x -> r.dueStart >= x[0] && r.dueStart < x[1])) {
      return false;
    }
    r.intent = Intent.CREATE_CONTRACT;
    r.keyword = true;
    Matcher split = SPLIT.matcher(r.text);
    if (!plan.isEmpty()) {
      r.plan = String.join(",", plan);
    } else if (split.find()) {
      String n = split.group(1);
      r.plan =
          "split:"
              + (n.chars().allMatch(Character::isDigit) ? n : String.valueOf(Amounts.chinese(n)));
    }
    // the contract's amount: an amount outside the plan's instalments
    r.amount = null;
    Matcher a = Amounts.matcher(r.text);
    while (a.find()) {
      int at = a.start();
      if (planSpans.stream().noneMatch(s -> at >= s[0] && at < s[1])) {
        r.amount = Amounts.value(a.group(1), a.group(2));
        break;
      }
    }
    String before = r.text.substring(0, word.start()).replaceAll("(?:和|跟|与|同)$", "");
    String after = r.text.substring(word.end());
    Matcher end = AFTER_NAME.matcher(after);
    typedCustomer(
        r,
        before.strip().isEmpty() ? (end.find() ? after.substring(0, end.start()) : after) : before);
    r.use(0, r.text.length());
    r.contentOverride = "";
    r.date = null;
    r.due = null;
    return true;
  }

  /** The line with its amount and time words blanked out, for the grammar around them. */
  private static String withoutAmountAndTime(ParseRun r) {
    StringBuilder b = new StringBuilder(r.text);
    for (int i = r.amountStart; i < r.amountEnd && i >= 0; i++) {
      b.setCharAt(i, ' ');
    }
    if (r.dueStart >= 0) {
      for (int i = r.dueStart; i < r.dueEnd; i++) {
        b.setCharAt(i, ' ');
      }
    }
    String s = JUST_NOW.matcher(b.toString()).replaceAll("");
    return ParseRun.clean(s);
  }

  /** The day said; without a year, the nearest such day to the message's. */
  private static LocalDate day(ParseRun r, String year, String month, String dayOfMonth) {
    try {
      int m = Integer.parseInt(month);
      int dd = Integer.parseInt(dayOfMonth);
      LocalDate today = r.now.toLocalDate();
      if (year != null) {
        return LocalDate.of(Integer.parseInt(year), m, dd);
      }
      // the nearest such day: 11月1日 said on 12月7日 is last month's, 1月16日 is next year's
      LocalDate d = LocalDate.of(today.getYear(), m, dd);
      LocalDate next = d.plusYears(1);
      LocalDate last = d.minusYears(1);
      LocalDate best = d;
      for (LocalDate c : new LocalDate[] {last, next}) {
        if (Math.abs(c.toEpochDay() - today.toEpochDay())
            < Math.abs(best.toEpochDay() - today.toEpochDay())) {
          best = c;
        }
      }
      return best;
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static void typedCustomer(ParseRun r, String typed) {
    if (r.linked() || typed == null) {
      return;
    }
    String c =
        ParseRun.clean(typed)
            .replaceAll("^(?:今天|昨天|前天|刚刚|刚才|和|跟|与)\\s*", "")
            .replaceAll("(?:的|这个|这家|客户|那边)+$", "")
            .strip();
    if (!c.isEmpty() && !c.matches(".*\\d.*") && c.length() <= 30) {
      r.customer = c;
      r.candidates.add(c);
    }
  }
}
