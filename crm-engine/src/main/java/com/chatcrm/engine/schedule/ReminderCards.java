package com.chatcrm.engine.schedule;

import com.chatcrm.engine.contract.CollectionReminders;
import com.chatcrm.engine.followup.FollowUpMethod;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Button;
import com.chatcrm.engine.port.Notification.Field;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.Snooze;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The card of a due reminder: customer, last follow-up, what to do, and the buttons 完成 / 推迟1小时 /
 * 明天再说 / 写跟进 whose keys the gateway's card actions understand.
 */
public final class ReminderCards {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");
  private static final int MAX_CONTENT = 60;

  private ReminderCards() {}

  /**
   * The dedupe key of one firing: a snoozed reminder fires again under a new key, a retried one
   * does not.
   */
  public static String dedupeKey(Reminder r) {
    return "reminder:" + r.id() + ":" + r.dueAt().getEpochSecond();
  }

  /**
   * @param last the customer's latest follow-up, or null
   * @param note a line saying why this card reaches its reader (e.g. the customer changed hands),
   *     or null
   */
  public static Notification render(Reminder r, LastFollowUp last, ZoneId zone, String note) {
    boolean collection = r.text().startsWith(CollectionReminders.DUE_PREFIX);
    boolean renewal = r.text().startsWith(CollectionReminders.RENEWAL_PREFIX);
    List<Field> fields = new ArrayList<>();
    if (r.customerName() != null) {
      fields.add(new Field("客户", r.customerName()));
    }
    if (collection) {
      // a contract's instalment: the text says which, and the way on is to record the money
    } else if (last != null) {
      fields.add(
          new Field(
              "上次跟进",
              WHEN.format(last.happenedAt().atZone(zone))
                  + " "
                  + methodLabel(last.method())
                  + " "
                  + last.author()
                  + "："
                  + shorten(last.content())));
    } else if (r.customerId() != null) {
      fields.add(new Field("上次跟进", "还没有跟进记录"));
    }
    fields.add(new Field("提醒时间", WHEN.format(r.dueAt().atZone(zone))));
    if (r.repeatRule().repeats()) {
      fields.add(new Field("重复", r.repeatRule().label()));
    }
    String markdown = note == null ? r.text() : r.text() + "\n" + note;
    List<Button> buttons =
        new java.util.ArrayList<>(
            List.of(
                new Button("reminder.done:" + r.id(), "完成"),
                new Button("reminder.snooze:" + r.id() + ":" + Snooze.HOUR.keyPart(), "推迟1小时"),
                new Button("reminder.snooze:" + r.id() + ":" + Snooze.TOMORROW.keyPart(), "明天再说"),
                collection && r.customerName() != null
                    ? new Button("cmd:" + r.customerName() + " 回款", "登记回款")
                    : new Button(
                        r.customerId() == null
                            ? "followup.new:reminder:" + r.id()
                            : "followup.new:" + r.customerId(),
                        "写跟进")));
    if (r.customerId() != null) {
      // the gateway turns it into a link to the customer's page in the mini-app
      buttons.add(new Button("detail:customer:" + r.customerId(), "客户详情"));
    }
    String title = collection ? "💰 回款提醒" : renewal ? "📄 续约提醒" : "⏰ 跟进提醒";
    return new Notification(title, markdown, fields, buttons, dedupeKey(r), channels(r));
  }

  private static List<String> channels(Reminder r) {
    List<String> out = new ArrayList<>();
    for (String c : r.channels()) {
      out.add(c.equals("email") ? Notification.EMAIL : Notification.CHAT);
    }
    return out;
  }

  private static String methodLabel(String code) {
    for (FollowUpMethod m : FollowUpMethod.values()) {
      if (m.code().equals(code)) {
        return m.label();
      }
    }
    return code;
  }

  private static String shorten(String s) {
    String t = s == null ? "" : s.strip().replace('\n', ' ');
    return t.length() > MAX_CONTENT ? t.substring(0, MAX_CONTENT) + "…" : t;
  }
}
