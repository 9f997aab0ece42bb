package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.WHEN;
import static com.chatcrm.gateway.command.CardTexts.nz;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.RepeatRule;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** 跟进 and 提醒我: a follow-up (with its next step's reminder) and a reminder. */
final class FollowUpCommands {

  private final Clock clock;
  private final FollowUpService followUps;
  private final ReminderService reminders;
  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  FollowUpCommands(Engine engine, CustomerResolver resolver, SlotQuestions questions) {
    this.clock = engine.clock();
    this.followUps = engine.followUps();
    this.reminders = engine.reminders();
    this.resolver = resolver;
    this.questions = questions;
  }

  Future<ChatMessage> logFollowUp(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "跟进的是哪个客户？", "例如：跟进 星河 电话聊了续费 下周四再约");
    }
    if (p.content() == null && p.nextStep() == null) {
      return questions.ask(
          actor, p, "content", "跟进了什么内容？", "例如：跟进 " + p.customer() + " 电话聊了续费 下周四再约");
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c -> {
          Instant happened =
              p.date() == null
                  ? null
                  : p.date().equals(ctx.now().toLocalDate())
                      ? null
                      : p.date()
                          .atTime(
                              ctx.now().toLocalTime().isAfter(java.time.LocalTime.of(18, 0))
                                  ? java.time.LocalTime.of(18, 0)
                                  : ctx.now().toLocalTime())
                          .atZone(ctx.now().getZone())
                          .toInstant();
          NewFollowUp input =
              NewFollowUp.on(
                  c.id(),
                  p.method() == null ? "other" : p.method(),
                  p.content() == null ? p.nextStep() : p.content());
          if (happened != null) {
            input = input.at(happened);
          }
          if (p.due() != null) {
            input = input.next(p.nextStep() == null ? "跟进" : p.nextStep(), p.due().toInstant());
          }
          return followUps
              .log(actor, input)
              .map(
                  f -> {
                    List<Field> fields = new ArrayList<>();
                    fields.add(new Field("客户", c.name()));
                    fields.add(new Field("方式", f.method().label()));
                    fields.add(new Field("内容", f.content()));
                    if (f.nextFollowUpAt() != null) {
                      fields.add(
                          new Field(
                              "下次跟进",
                              WHEN.format(f.nextFollowUpAt().atZone(ctx.now().getZone()))
                                  + (f.nextStep() == null ? "" : " " + f.nextStep())));
                    }
                    List<Button> buttons = new ArrayList<>();
                    if (f.reminderId() == null) {
                      buttons.add(new Button("cmd:提醒我 明天上午 跟进" + c.name(), "设提醒"));
                    }
                    buttons.add(new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
                    buttons.add(new Button("undo:followup:" + f.id(), "撤销"));
                    return new ChatMessage(
                        "✓ 已记录跟进", f.reminderId() == null ? null : "已按下次跟进时间设好提醒", fields, buttons);
                  });
        });
  }

  Future<ChatMessage> setReminder(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.due() == null) {
      if (p.date() != null) {
        return questions.ask(
            actor, p, "due", "这个时间已经过去了，要提醒你什么时候？", "例如：提醒我 明天上午10点 " + nz(p.content()));
      }
      return questions.ask(
          actor,
          p,
          "due",
          "什么时候提醒你？",
          "例如：提醒我 明天上午10点 " + (p.content() == null ? "回访华为" : p.content()));
    }
    if (p.due().toInstant().isBefore(clock.instant().minusSeconds(60))) {
      String again =
          "提醒我 "
              + DateTimeFormatter.ofPattern("M月d日", Locale.CHINA).format(p.due().plusDays(1))
              + " "
              + DateTimeFormatter.ofPattern("H:mm").format(p.due())
              + " "
              + nz(p.content());
      return questions
          .remember(actor, p, "due")
          .map(
              v ->
                  new ChatMessage(
                      "这个时间已经过去了",
                      WHEN.format(p.due()) + " 已过，要改到什么时候？直接回复时间，或改到明天同一时间。",
                      List.of(),
                      List.of(new Button("cmd:" + again.strip(), "改到明天"))));
    }
    if ((p.content() == null || p.content().isBlank()) && p.customerCandidates().isEmpty()) {
      // 「提醒我 明天上午」 alone (the 设提醒 button of an empty 待办): a reminder of nothing helps nobody, ask
      // what
      return questions.ask(actor, p, "content", "提醒你什么？", "例如：给星河传媒回电话");
    }
    String content = p.content() == null ? "跟进" : p.content();
    Future<Customer> customer = resolver.customerIfNamed(actor, p);
    return customer.compose(
        c -> {
          NewReminder input =
              NewReminder.at(p.due().toInstant(), content).repeating(repeatRule(p.repeat()));
          if (c != null) {
            input = input.aboutCustomer(c.id());
          }
          return reminders
              .create(actor, input)
              .map(r -> reminderCard(r, ctx.now().getZone(), "⏰ 已设置提醒"));
        });
  }

  static ChatMessage reminderCard(Reminder r, ZoneId zone, String title) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("时间", WHEN.format(r.dueAt().atZone(zone))));
    fields.add(new Field("内容", r.text()));
    if (r.customerName() != null) {
      fields.add(new Field("客户", r.customerName()));
    }
    if (r.repeatRule() != null && r.repeatRule().repeats()) {
      fields.add(new Field("重复", repeatLabel(r.repeatRule(), r.dueAt().atZone(zone))));
    }
    return new ChatMessage(
        title,
        null,
        fields,
        List.of(
            new Button("reminder.done:" + r.id(), "完成"),
            new Button("reminder.snooze:" + r.id() + ":60", "推迟1小时"),
            new Button("undo:reminder:" + r.id(), "撤销")));
  }

  /**
   * The language's repeat (daily, weekdays, weekly:N, monthly:N, monthly:last) as the engine's
   * rule; the first due time already falls on the day it names.
   */
  static RepeatRule repeatRule(String repeat) {
    if (repeat == null) {
      return RepeatRule.NONE;
    }
    if (repeat.equals("monthly:last")) {
      return RepeatRule.MONTH_END;
    }
    return RepeatRule.parse(repeat.replaceFirst(":.*$", ""));
  }

  /** 每天 / 工作日 / 每周一 / 每月15日 / 每月底, at the due time's weekday and day of the month. */
  static String repeatLabel(RepeatRule rule, java.time.ZonedDateTime due) {
    return switch (rule) {
      case WEEKLY -> "每周" + "一二三四五六日".charAt(due.getDayOfWeek().getValue() - 1);
      case MONTHLY -> "每月" + due.getDayOfMonth() + "日";
      default -> rule.label();
    };
  }
}
