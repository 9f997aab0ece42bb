package com.chatcrm.engine.transfer;

import com.chatcrm.engine.port.Notification;
import java.util.ArrayList;
import java.util.List;

/** The two cards of a 离职交接: the manager's (pick a successor) and the successor's summary. */
public final class HandoverCards {

  /**
   * The key prefix of a successor button: {@code leaver.handover:<leaverId>:<successorId>} (shaped
   * like {@code reminder.done:42}, so DingTalk's command links carry it too).
   */
  public static final String KEY = "leaver.handover:";

  /** Opens the mini-app's home, and its customer list (the gateway turns them into links). */
  static final String HOME = "detail:home";

  static final String CUSTOMERS = "detail:customers";

  private HandoverCards() {}

  static Notification toManager(
      long leaverId, long managerId, LeaverHandovers.Holdings h, List<LeaverHandovers.Person> to) {
    List<Notification.Button> buttons = new ArrayList<>();
    for (LeaverHandovers.Person p : to) {
      buttons.add(
          new Notification.Button(
              KEY + leaverId + ":" + p.id(), p.id() == managerId ? "我来接手" : "交给" + p.name()));
    }
    buttons.add(new Notification.Button(HOME, "打开 Chat CRM"));
    return new Notification(
        "离职交接：" + h.name(),
        h.name()
            + " 已离职，名下 "
            + holdings(h.customers(), h.opportunities(), h.reminders())
            + "需要交接。\n"
            + "选一位同事接手，客户、进行中的商机和待办提醒会一起转给 ta。",
        List.of(
            new Notification.Field("客户", Integer.toString(h.customers())),
            new Notification.Field("进行中的商机", Integer.toString(h.opportunities())),
            new Notification.Field("待办提醒", Integer.toString(h.reminders()))),
        buttons,
        "handover:" + leaverId + ":" + managerId + (h.round() == 0 ? "" : ":" + h.round()),
        List.of(Notification.CHAT));
  }

  static Notification toSuccessor(LeaverHandovers.Handover h) {
    return new Notification(
        "你接手了 " + h.leaverName() + " 的工作",
        "你接手了 "
            + h.leaverName()
            + " 的 "
            + holdings(h.customers(), h.opportunities(), h.reminders())
            + "，现在由你负责跟进。",
        List.of(
            new Notification.Field("客户", Integer.toString(h.customers())),
            new Notification.Field("进行中的商机", Integer.toString(h.opportunities())),
            new Notification.Field("待办提醒", Integer.toString(h.reminders()))),
        List.of(new Notification.Button(CUSTOMERS, "查看我的客户")),
        // one per hand-over: a member who came back and left again is handed over anew
        "handover-done:" + h.leaverId() + ":" + h.handedAt().toInstant().toEpochMilli(),
        List.of(Notification.CHAT));
  }

  /** "N 个客户、M 个进行中的商机、K 条待办提醒". */
  static String holdings(int customers, int opportunities, int reminders) {
    return customers + " 个客户、" + opportunities + " 个进行中的商机、" + reminders + " 条待办提醒";
  }
}
