package com.chatcrm.language;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes to what is stored: a customer's level ({@link LevelSlots}), deleting a customer (删除客户
 * 星河), its contact (星河的联系人改成周经理 137...) and a deal's amount or close date (鼎海的商机 金额改成 60万,
 * 星河的单子推迟到下个月).
 */
final class EditSlots {

  private static final Pattern DELETE =
      Pattern.compile(
          "^(?:删除|删掉|删了|移除|delete|remove)\\s*(?:这个|这家)?\\s*(客户)?\\s*(.*)$|^把(.+?)(?:这个客户)?(?:删除|删掉|删了)(?:吧|了|啊)?$");

  /** 删了恒大这个客户, delete Vanke: the words say a customer even when it is unknown. */
  private static final Pattern SAYS_CUSTOMER =
      Pattern.compile("(?:这个|这家)?客户$|^[A-Z][\\w&.-]{1,30}$");

  private static final Pattern DELETE_WORD =
      Pattern.compile("(?i)删除|删掉|删了|移除|\\bremove\\b|\\bdelete\\b");

  /** 删掉星河的提醒 deletes something else. */
  private static final Pattern OTHER_THING =
      Pattern.compile("提醒|跟进|记录|商机|单子|联系人|电话|备注|标签|这条|那条|上一条|刚才|刚刚|文件|消息|附件|图片|草稿");

  private static final String TO =
      "(?:改成|改为|换成|换为|变成|变为|更新为|更新成|修改为|修改成|调成|调为|调整为|调整成|调到|改到|挪到|推到|延到|设为|是|为)";
  private static final Pattern CONTACT_EDIT =
      Pattern.compile(
          "(?:(联系人|对接人|联系电话|电话|手机号?|联系方式|邮箱|微信号)\\s*"
              + TO
              + "了?|新的?(?:联系电话|电话|手机号?|号码|联系人)\\s*(?:是|:)?)\\s*(\\p{IsHan}{1,2}?(?:经理|总监|总|老师|主任|工|先生|女士|小姐|老板|助理|主管)|(?![不没要该也都还])\\p{IsHan}{2,3})?");
  private static final Pattern CONTACT_FIELD =
      Pattern.compile("(?i)联系人|对接人|座机|联系电话|手机号?|联系方式|\\bcontact\\b");
  private static final Pattern CHANGED =
      Pattern.compile(
          "(?i)换了|换人|换个?(?:对接人|联系人)|改了|变了|更新|换成|改成|改为|[改换](?:一下|下)|\\bchange|\\bupdate");
  private static final Pattern PERSON =
      Pattern.compile(
          "(?:是|为|成|:|\\b[Tt]o\\b|\\s|^)了?\\s*(\\p{IsHan}{1,2}?(?:经理|总监|总|老师|主任|工|先生|女士|小姐|老板|助理|主管)|[A-Z][a-z]{1,15})");
  private static final String TITLED = "\\p{IsHan}{1,2}?(?:经理|总监|总|老师|主任|工|先生|女士|小姐|老板|助理|主管|姐|哥)";
  private static final Pattern TITLE_SWAP =
      Pattern.compile(TITLED + "\\s*(?:换成|改成|变成|换为|改为)了?\\s*(" + TITLED + ")");
  private static final Pattern AMOUNT_EDIT =
      Pattern.compile("(金额|预算|合同额|合同金额|单子金额|商机金额|报价|价格|总价|成交额)\\s*" + TO);
  private static final Pattern CLOSE_EDIT =
      Pattern.compile(
          "(?:((?:推迟|延期|延后|推后|延迟|提前|挪|改|推|延)(?:到|至))|(?:预计)?(?:成交|签约|结单|关单|签单)(?:时间|日期|日)\\s*"
              + TO
              + "?)");
  private static final Pattern STAGE_EDIT = Pattern.compile("阶段\\s*" + TO + "?");
  private static final Pattern STAGE_EDIT_TO =
      Pattern.compile("阶段\\s*(?:改成|改为|换成|调成|调到|改到|更新为|变成)");
  private static final Pattern DEAL =
      Pattern.compile("的?(?:[这那]笔|[这那]个)?(商机|单子|项目|合同|订单|[这那]个?单|机会)");

  /** 张总的手机号更新为 …: the person whose number changes is named before the field. */
  private static final Pattern OWNER_BEFORE = Pattern.compile("(" + TITLED + ")\\s*的?\\s*$");

  /** Postponing or re-pricing is about a deal only when the line names one. */
  private static final Pattern DEAL_CONTEXT =
      Pattern.compile("(?i)商机|单子|项目|合同|订单|签约|成交|签单|结单|[这那]个?单|机会|\\bdeal\\b");

  private static final Pattern TO_AMOUNT = Pattern.compile("(?:改成|改为|调整为|调成|调到|变成|更新为|修改为|改到)\\s*");

  // one character of each word a pattern needs, to skip its regex on other lines
  /** DELETE and DELETE_WORD: 删除 删掉 删了 移除; delete, remove. */
  private static final Screen DELETE_CHARS = Screen.anyOfOrLatin("删移");

  /** CONTACT_EDIT: 联系人 对接人 联系电话 电话 手机 联系方式 邮箱 微信号, 新的…. */
  private static final Screen CONTACT_EDIT_CHARS = Screen.anyOf("联接电机邮微新");

  /** TITLE_SWAP: 换成 改成 变成 换为 改为. */
  private static final Screen SWAP_CHARS = Screen.anyOf("换改变");

  /** CONTACT_FIELD: 联系人 对接人 座机 联系电话 手机 联系方式; contact. */
  private static final Screen FIELD_CHARS = Screen.anyOfOrLatin("联接座机");

  /** CLOSE_EDIT: 推迟到 … 改至, or 成交时间 签约日期 结单日. */
  private static final Screen CLOSE_CHARS = Screen.anyOf("到至时日");

  /** TO_AMOUNT: 改成 改为 改到 修改为, 调整为 调成 调到, 变成, 更新为. */
  private static final Screen TO_CHARS = Screen.anyOf("改调变更");

  private EditSlots() {}

  /** Whether the line is one of these edits; then its intent and slots are set. */
  static boolean read(ParseRun r) {
    return LevelSlots.read(r) || delete(r) || contact(r) || opportunity(r);
  }

  private static boolean delete(ParseRun r) {
    if (!DELETE_CHARS.admits(r.text)) {
      // neither DELETE nor DELETE_WORD can match
      return false;
    }
    if (OTHER_THING.matcher(r.masked()).find()) {
      return false;
    }
    Matcher m = DELETE.matcher(r.text);
    // 把富士康删掉: the 把 form names what goes, a customer even when unknown
    if (!m.matches()
        || !(r.linked()
            || m.group(1) != null
            || m.group(3) != null
            || m.group(2) != null && SAYS_CUSTOMER.matcher(m.group(2).strip()).find())) {
      // 客户 鼎海采购 删除, 这个客户不要了 删掉腾跃电子: a known customer and a delete word
      if (!r.linked()
          || !DELETE_WORD.matcher(r.text).find()
          || OTHER_THING.matcher(r.text).find()) {
        return false;
      }
      r.intent = Intent.DELETE_CUSTOMER;
      r.contentOverride = "";
      return true;
    }
    r.intent = Intent.DELETE_CUSTOMER;
    typedCustomer(r, m.group(2) != null ? m.group(2) : m.group(3));
    r.contentOverride = "";
    return true;
  }

  private static boolean contact(ParseRun r) {
    Matcher m = CONTACT_EDIT.matcher(r.masked());
    if (!CONTACT_EDIT_CHARS.admits(r.masked()) || !m.find()) {
      return changedContact(r);
    }
    r.intent = Intent.EDIT_CONTACT;
    if (m.group(2) != null) {
      r.contact = m.group(2);
    } else {
      Matcher owner = OWNER_BEFORE.matcher(r.masked().substring(0, m.start()));
      Matcher after = PERSON.matcher(r.masked());
      if (owner.find()) {
        r.contact = owner.group(1);
        r.use(owner.start(), m.start());
      } else if (after.find(m.start())) {
        // 联系人换成 Mike 138…: a Latin name, or one after 了
        r.contact = after.group(1);
      }
    }
    subject(r, m.start());
    r.contentOverride = "";
    // 联系人是不是该改下 现在对接的是韩经理: no one right after the field; the change names them later
    return r.contact != null || r.phone != null || changedContact(r) || reject(r);
  }

  /**
   * 对接人换了，现在是黄经理 137…, 换对接人了 王经理 138…, 联系人：吴总（原来是李总）: a contact field and a change in either order;
   * the new contact is the first person named.
   */
  private static boolean changedContact(ParseRun r) {
    Matcher swap = TITLE_SWAP.matcher(r.masked());
    if (r.linked() && SWAP_CHARS.admits(r.masked()) && swap.find()) {
      // 蓝鲸的李经理换成了赵经理: one contact person for another
      r.intent = Intent.EDIT_CONTACT;
      r.contact = swap.group(1);
      r.use(0, r.text.length());
      r.contentOverride = "";
      return true;
    }
    Matcher field = CONTACT_FIELD.matcher(r.masked());
    if (!FIELD_CHARS.admits(r.masked())
        || !field.find()
        || !(CHANGED.matcher(r.masked()).find() || r.linked() && r.masked().contains("原来"))) {
      return false;
    }
    r.intent = Intent.EDIT_CONTACT;
    Matcher person = PERSON.matcher(r.masked());
    if (person.find(field.end())) {
      r.contact = person.group(1);
    }
    subject(r, field.start());
    r.use(0, r.text.length());
    r.contentOverride = "";
    return r.contact != null || r.phone != null || reject(r);
  }

  private static boolean opportunity(ParseRun r) {
    int amountAt = amountEdit(r);
    if (amountAt < 0 && r.amount == null) {
      amountAt = stageEdit(r);
    }
    Matcher close = CLOSE_EDIT.matcher(r.masked());
    boolean byClose =
        CLOSE_CHARS.admits(r.masked())
            && close.find()
            && (close.group(1) == null
                || DEAL_CONTEXT.matcher(r.text.substring(0, close.start())).find())
            && closeDate(r, close.end());
    if (amountAt < 0 && !byClose) {
      return false;
    }
    r.intent = Intent.EDIT_OPPORTUNITY;
    r.due = null;
    int none = r.text.length();
    subject(r, Math.min(amountAt >= 0 ? amountAt : none, byClose ? close.start() : none));
    Matcher stage = STAGE_EDIT.matcher(r.masked());
    if (stage.find()) {
      // 阶段改成谈判 with the amount: one edit of the deal
      r.stage = r.stages.in(r.masked().substring(stage.end()));
    }
    r.contentOverride = "";
    return true;
  }

  /** 湘江教育 商机 阶段改成方案报价: a deal's stage set by its field, where the field starts, or -1. */
  private static int stageEdit(ParseRun r) {
    Matcher stage = STAGE_EDIT_TO.matcher(r.masked());
    if (!r.masked().contains("阶段")
        || !stage.find()
        || r.stages.in(r.masked().substring(stage.end())) == null) {
      return -1;
    }
    return stage.start();
  }

  /**
   * Where the words before an amount edit end (金额改成 60万; 星河的单子 120万 改成 150万, the amount after the
   * verb), or -1.
   */
  private static int amountEdit(ParseRun r) {
    Matcher field = AMOUNT_EDIT.matcher(r.masked());
    if (r.amount != null && field.find()) {
      return field.start();
    }
    Matcher to = TO_AMOUNT.matcher(r.text);
    while (TO_CHARS.admits(r.text) && to.find()) {
      Matcher a = Amounts.matcher(r.text).region(to.end(), r.text.length());
      if (a.lookingAt() && DEAL_CONTEXT.matcher(r.text.substring(0, to.start())).find()) {
        int before = r.amountStart >= 0 && r.amountStart < to.start() ? r.amountStart : to.start();
        r.amount = Amounts.value(a.group(1), a.group(2));
        r.use(before, a.end());
        return before;
      }
    }
    return -1;
  }

  /** 推迟到下个月: a close date is a day; a month means its end. */
  private static boolean closeDate(ParseRun r, int at) {
    CloseDates.Found found = CloseDates.at(r.text.substring(at), r.now.toLocalDateTime());
    if (found == null) {
      return false;
    }
    r.closeDate = found.date();
    r.use(at, at + found.end());
    r.date = null;
    return true;
  }

  /** The customer (and the deal's name) before the field edited, unless the linker found it. */
  private static void subject(ParseRun r, int end) {
    String before = r.masked().substring(0, Math.max(0, Math.min(end, r.text.length())));
    r.use(0, end);
    if (r.linked()) {
      String rest =
          ParseRun.clean(
              DEAL.matcher(before).replaceAll(" ").replaceAll("^\\s*(把|将|给|和|跟|对)|的", " "));
      r.opportunity = rest.isEmpty() ? null : rest.replace(" ", "");
      return;
    }
    String s = ParseRun.clean(before.replaceAll("^(把|将)", ""));
    s = DEAL.matcher(s).replaceAll(" ").strip();
    if (!s.isEmpty()) {
      String[] parts = s.split(" ");
      typedCustomer(r, parts[0]);
      if (parts.length > 1) {
        r.opportunity = String.join("", java.util.Arrays.copyOfRange(parts, 1, parts.length));
      }
    }
  }

  private static void typedCustomer(ParseRun r, String typed) {
    if (r.linked() || typed == null) {
      return;
    }
    String c = ParseRun.clean(typed).replaceAll("(的|这个|这家|客户)+$", "");
    if (!c.isEmpty()) {
      r.customer = c;
      r.candidates.add(c);
    }
  }

  private static boolean reject(ParseRun r) {
    r.intent = Intent.UNKNOWN;
    return false;
  }
}
