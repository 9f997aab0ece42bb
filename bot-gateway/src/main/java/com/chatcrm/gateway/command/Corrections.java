package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.WHEN;
import static com.chatcrm.gateway.command.CardTexts.money;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.opportunity.OpportunityChanges;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;

/**
 * 不对，是下周四不是下周三 / 刚才那条写错了，金额是 35万: corrects the sender's last change in chat (the one a typed 撤销
 * would take back, see {@link LastChange}). A new time moves that reminder (or the follow-up's
 * next-follow-up reminder); a new amount or close date changes that deal (a new one, a stage move,
 * an edit). Anything else is answered with what can be corrected.
 */
final class Corrections {

  private final LastChange lastChange;
  private final ReminderService reminders;
  private final FollowUpService followUps;
  private final OpportunityService opportunities;

  Corrections(Engine engine, LastChange lastChange) {
    this.lastChange = lastChange;
    this.reminders = engine.reminders();
    this.followUps = engine.followUps();
    this.opportunities = engine.opportunities();
  }

  Future<ChatMessage> correct(Actor actor, Context ctx, ParsedCommand p, String text) {
    return lastChange
        .reply(actor)
        .compose(
            last -> {
              String key = LastChange.undoKey(last);
              if (key == null) {
                return Future.succeededFuture(
                    new ChatMessage(
                        "没有可以更正的记录",
                        "更正只对你在聊天里最近一次的改动有效（"
                            + CommandButtons.UNDO_WINDOW.toMinutes()
                            + " 分钟内）。也可以在微应用里修改。",
                        List.of(),
                        List.of()));
              }
              String[] parts = key.split(":", -1);
              long id = parts.length > 2 && parts[2].matches("\\d+") ? Long.parseLong(parts[2]) : 0;
              ZoneId zone = ctx.now().getZone();
              if (p.due() != null && parts[1].equals("reminder")) {
                return moveReminder(actor, id, p, text, zone);
              }
              if (p.due() != null && parts[1].equals("followup")) {
                return followUps
                    .get(actor, id)
                    .compose(
                        f ->
                            f.reminderId() == null
                                ? Future.succeededFuture(cannot("这条跟进没有设下次跟进时间"))
                                : moveReminder(actor, f.reminderId(), p, text, zone));
              }
              boolean deal = List.of("opportunity", "stage", "deal").contains(parts[1]);
              if (deal && (p.amount() != null || p.closeDate() != null)) {
                return changeDeal(actor, id, p);
              }
              return Future.succeededFuture(
                  cannot("刚才的「" + describe(last) + "」不能这样更正；可以先说「撤销」再重新发送，或在微应用里修改"));
            });
  }

  /** Words that say a time of day; without one, a corrected day keeps the entry's own time. */
  private static final java.util.regex.Pattern TIME_OF_DAY =
      java.util.regex.Pattern.compile(
          "\\d{1,2}\\s*[:：点时]|上午|下午|中午|晚上|早上|早晨|傍晚|凌晨|夜里|今晚|明早|明晚|下班|(?i)\\d\\s*(am|pm)\\b");

  private Future<ChatMessage> moveReminder(
      Actor actor, long id, ParsedCommand p, String text, ZoneId zone) {
    return reminders
        .get(actor, id)
        .compose(
            r ->
                reminders
                    .snooze(actor, id, r.version(), corrected(p, text, r.dueAt(), zone))
                    .map(
                        moved ->
                            new ChatMessage(
                                "✓ 已更正提醒时间",
                                "如需再改，直接说「不对，是…」。",
                                List.of(
                                    new Field("内容", moved.text()),
                                    new Field(
                                        "时间",
                                        WHEN.format(r.dueAt().atZone(zone))
                                            + " → "
                                            + WHEN.format(moved.dueAt().atZone(zone)))),
                                List.of())));
  }

  /** 不对，是下周四 moves 下周三下午 to 下周四下午: the day said, the time of day kept unless said too. */
  private static java.time.Instant corrected(
      ParsedCommand p, String text, java.time.Instant before, ZoneId zone) {
    if (TIME_OF_DAY.matcher(text).find()) {
      return p.due().toInstant();
    }
    return p.due()
        .atZoneSameInstant(zone)
        .toLocalDate()
        .atTime(before.atZone(zone).toLocalTime())
        .atZone(zone)
        .toInstant();
  }

  private Future<ChatMessage> changeDeal(Actor actor, long id, ParsedCommand p) {
    OpportunityChanges changes = OpportunityChanges.none();
    if (p.amount() != null) {
      changes = changes.amount(p.amount());
    }
    if (p.closeDate() != null) {
      changes = changes.expectedClose(p.closeDate());
    }
    OpportunityChanges apply = changes;
    return opportunities
        .get(actor, id)
        .compose(
            before ->
                opportunities
                    .update(actor, id, before.version(), apply)
                    .map(
                        o ->
                            new ChatMessage(
                                "✓ 已更正商机",
                                "如需再改，直接说「不对，是…」。",
                                List.of(
                                    new Field("商机", o.name()),
                                    new Field(
                                        "金额", money(before.amount()) + " → " + money(o.amount()))),
                                List.of())));
  }

  private static ChatMessage cannot(String why) {
    return new ChatMessage("无法更正", why + "。", List.of(), List.of());
  }

  private static String describe(ChatMessage done) {
    String title = done.title() == null ? "" : done.title().replaceFirst("^[^\\p{IsHan}]+", "");
    return title.isEmpty() ? "改动" : title;
  }
}
