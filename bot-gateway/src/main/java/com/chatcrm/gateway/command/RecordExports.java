package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.port.ExportLinks;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * 导出本月跟进记录 / 导出团队上周的跟进 / 导出我的商机: answered with a signed download link of the .xlsx, what the
 * mini-app would export for the sender; the days are the tenant's.
 */
final class RecordExports {

  private static final String VALID = "链接 24 小时内有效，请勿转发。";

  private final ExportLinks links;

  /**
   * @param links null where the service makes no download links (tools, tests)
   */
  RecordExports(ExportLinks links) {
    this.links = links;
  }

  Future<ChatMessage> followUps(Actor actor, Context ctx, ParsedCommand p) {
    if (links == null) {
      return Future.succeededFuture(ChatMessage.text("这里不能导出，请在小程序的客户详情或报表里导出。"));
    }
    LocalDate today = ctx.now().toLocalDate();
    String period = p.period() == null ? "month" : p.period();
    LocalDate from = from(period, today);
    LocalDate to = to(period, from);
    boolean mine = !"team".equals(p.scope());
    String whose = mine ? "我写的" : "团队";
    return Future.succeededFuture(
        answer(
            "导出跟进记录",
            whose + label(period) + "（" + from + " 至 " + to + "）的跟进记录已生成 Excel。" + VALID,
            links.followUps(actor, from, to, mine)));
  }

  Future<ChatMessage> opportunities(Actor actor, ParsedCommand p) {
    if (links == null) {
      return Future.succeededFuture(ChatMessage.text("这里不能导出，请在小程序的看板里导出。"));
    }
    boolean mine = !"team".equals(p.scope());
    return Future.succeededFuture(
        answer(
            "导出商机",
            (mine ? "我负责的商机" : "团队的商机（你能看到的全部）") + "已生成 Excel，含阶段、金额和赢单/输单。" + VALID,
            links.opportunities(actor, mine)));
  }

  private static ChatMessage answer(String title, String text, String url) {
    return new ChatMessage(
        title, text, List.of(), List.of(ChatMessage.Button.open(url, "下载 Excel")));
  }

  /** The first day of the period said, counted from {@code today}. */
  static LocalDate from(String period, LocalDate today) {
    LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return switch (period) {
      case "today" -> today;
      case "yesterday" -> today.minusDays(1);
      case "week" -> monday;
      case "last_week" -> monday.minusWeeks(1);
      case "last_month" -> today.minusMonths(1).withDayOfMonth(1);
      case "quarter" ->
          today.withMonth((today.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1).withDayOfMonth(1);
      case "year" -> today.withDayOfYear(1);
      default -> today.withDayOfMonth(1);
    };
  }

  /** The last day of the period that begins on {@code from}. */
  static LocalDate to(String period, LocalDate from) {
    return switch (period) {
      case "today", "yesterday" -> from;
      case "week", "last_week" -> from.plusDays(6);
      case "quarter" -> from.plusMonths(3).minusDays(1);
      case "year" -> from.plusYears(1).minusDays(1);
      default -> from.plusMonths(1).minusDays(1);
    };
  }

  private static String label(String period) {
    return switch (period) {
      case "today" -> "今天";
      case "yesterday" -> "昨天";
      case "week" -> "本周";
      case "last_week" -> "上周";
      case "last_month" -> "上月";
      case "quarter" -> "本季度";
      case "year" -> "今年";
      default -> "本月";
    };
  }
}
