package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.lead.ConvertedLead;
import com.chatcrm.engine.lead.Lead;
import com.chatcrm.engine.lead.LeadCapture;
import com.chatcrm.engine.lead.LeadConversion;
import com.chatcrm.engine.lead.LeadDuplicate;
import com.chatcrm.engine.lead.LeadFilter;
import com.chatcrm.engine.lead.LeadService;
import com.chatcrm.engine.lead.LeadSource;
import com.chatcrm.engine.lead.NewLead;
import com.chatcrm.engine.report.Yuan;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Leads (线索) in a line: {@code 线索 星河科技 张总 13800001111 官网咨询} records one (查重 against leads and
 * customers first), {@code 星河科技 转客户 30万} converts it into a customer with its contact and a deal,
 * {@code 星河 线索无效 空号} closes it, {@code 领取线索 星河} takes it from the 线索池, {@code 我的线索} lists.
 */
final class LeadCommands {

  private static final int LISTED = 8;

  private final LeadService leads;
  private final SlotQuestions questions;

  LeadCommands(Engine engine, SlotQuestions questions) {
    this.leads = engine.leads();
    this.questions = questions;
  }

  Future<ChatMessage> capture(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "线索是哪家公司的？", "例如：线索 星河科技 张总 13800001111 官网咨询");
    }
    String messageId = "chat".equals(actor.source().kind()) ? actor.source().ref() : null;
    NewLead input =
        new NewLead(
            p.customer(),
            p.contact(),
            p.phone() == null ? List.of() : List.of(p.phone()),
            LeadSource.CHAT,
            null,
            null,
            p.content(),
            messageId);
    return leads.capture(actor, input, false).map(LeadCommands::captured);
  }

  private static ChatMessage captured(LeadCapture c) {
    if (!c.created() && c.lead() != null && c.repeated()) {
      return card("这条线索已记录过", c.lead());
    }
    if (!c.created()) {
      StringBuilder md = new StringBuilder("没有记录：已有同名或同电话的");
      List<Button> buttons = new ArrayList<>();
      for (LeadDuplicate d : c.duplicates()) {
        boolean lead = "lead".equals(d.kind());
        md.append("\n- ")
            .append(lead ? "线索「" : "客户「")
            .append(d.name())
            .append("」")
            .append(d.ownerName() == null ? "（已存在）" : "（负责人：" + d.ownerName() + "）");
        if (d.ownerName() != null && buttons.size() < 2) {
          buttons.add(
              lead
                  ? new Button("cmd:" + d.name() + " 转客户", "转客户")
                  : new Button("cmd:查 " + d.name(), "查看已有客户"));
        }
      }
      md.append("\n如确实是另一家，请在小程序的线索页「仍然添加」。");
      return new ChatMessage("线索可能重复（查重）", md.toString(), List.of(), buttons);
    }
    return card("✓ 已记录线索", c.lead(), true);
  }

  private static ChatMessage card(String title, Lead l) {
    return card(title, l, false);
  }

  /** The lead's card; a fresh one can be taken back (撤销). */
  private static ChatMessage card(String title, Lead l, boolean undoable) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("公司", l.company()));
    if (l.contactName() != null) {
      fields.add(new Field("联系人", l.contactName()));
    }
    if (!l.phones().isEmpty()) {
      fields.add(new Field("电话", String.join("、", l.phones())));
    }
    fields.add(new Field("状态", l.status().label()));
    fields.add(new Field("负责人", l.ownerName() == null ? "线索池" : l.ownerName()));
    List<Button> buttons = new ArrayList<>();
    buttons.add(new Button("cmd:" + l.company() + " 转客户", "转客户"));
    buttons.add(new Button("cmd:" + l.company() + " 线索无效", "无效"));
    buttons.add(new Button(MiniAppLinks.DETAIL_LEADS, "线索列表"));
    if (undoable) {
      buttons.add(new Button("undo:lead:" + l.id(), "撤销"));
    }
    return new ChatMessage(title, l.note(), fields, buttons);
  }

  Future<ChatMessage> convert(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "要把哪条线索转为客户？", "例如：星河科技 转客户 30万");
    }
    return one(
        actor,
        p.customer(),
        l ->
            leads
                .convert(
                    actor, l.id(), new LeadConversion("deal".equals(p.scope()), null, p.amount()))
                .map(LeadCommands::converted));
  }

  private static ChatMessage converted(ConvertedLead c) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("客户", c.customer().name()));
    if (c.lead().contactName() != null) {
      fields.add(new Field("联系人", c.lead().contactName()));
    }
    if (c.opportunity() != null) {
      fields.add(
          new Field(
              "商机",
              c.opportunity().name()
                  + (c.opportunity().amount() == null
                      ? ""
                      : " " + Yuan.format(c.opportunity().amount()))));
    }
    fields.add(new Field("负责人", c.customer().ownerName() == null ? "" : c.customer().ownerName()));
    List<Button> buttons = new ArrayList<>();
    buttons.add(new Button("cmd:跟进 " + c.customer().name() + " ", "写跟进"));
    if (c.opportunity() == null) {
      buttons.add(new Button("cmd:商机 " + c.customer().name() + " ", "建商机"));
    }
    buttons.add(new Button(MiniAppLinks.DETAIL_CUSTOMER + c.customer().id(), "打开详情"));
    buttons.add(new Button("undo:lead-convert:" + c.lead().id(), "撤销"));
    return new ChatMessage("✓ 线索已转为客户", null, fields, buttons);
  }

  Future<ChatMessage> invalidate(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "哪条线索无效？", "例如：星河 线索无效 空号");
    }
    String reason = p.content() == null || p.content().isBlank() ? null : p.content();
    return one(
        actor,
        p.customer(),
        l ->
            leads
                .invalidate(actor, l.id(), reason)
                .map(
                    x ->
                        new ChatMessage(
                            "已标记线索无效",
                            "「" + x.company() + "」" + (reason == null ? "" : "：" + reason),
                            List.of(),
                            List.of(new Button("undo:lead-invalid:" + x.id(), "撤销")))));
  }

  Future<ChatMessage> claim(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return list(actor, "pool");
    }
    return one(actor, p.customer(), l -> leads.claim(actor, l.id()).map(x -> card("✓ 已领取线索", x)));
  }

  Future<ChatMessage> release(Actor actor, ParsedCommand p) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "要把哪条线索放回线索池？", "例如：星河 放回线索池");
    }
    return one(
        actor,
        p.customer(),
        l ->
            leads
                .release(actor, l.id())
                .map(
                    x ->
                        new ChatMessage(
                            "已放回线索池",
                            "「" + x.company() + "」已放回线索池，任何同事都可以领取。",
                            List.of(),
                            List.of(new Button("cmd:领取线索 " + x.company(), "领回来")))));
  }

  Future<ChatMessage> list(Actor actor, ParsedCommand p) {
    return list(actor, p.scope() == null ? "me" : p.scope());
  }

  private Future<ChatMessage> list(Actor actor, String scope) {
    return leads
        .list(
            actor,
            new LeadFilter(
                "pool".equals(scope)
                    ? LeadFilter.Scope.POOL
                    : "team".equals(scope) ? LeadFilter.Scope.TEAM : LeadFilter.Scope.MINE,
                null,
                null,
                null,
                LISTED + 1))
        .map(
            page -> {
              String title =
                  switch (scope) {
                    case "pool" -> "线索池";
                    case "team" -> "团队的线索";
                    default -> "我的线索";
                  };
              if (page.items().isEmpty()) {
                return ChatMessage.text(
                    "pool".equals(scope)
                        ? "线索池里暂时没有线索。"
                        : title + "：暂时没有未处理的线索。说「线索 公司名 联系人 电话」记录一条。");
              }
              StringBuilder md = new StringBuilder();
              page.items().stream()
                  .limit(LISTED)
                  .forEach(
                      l ->
                          md.append("- ")
                              .append(l.company())
                              .append(l.contactName() == null ? "" : " · " + l.contactName())
                              .append(" · ")
                              .append(l.status().label())
                              .append(
                                  "team".equals(scope) && l.ownerName() != null
                                      ? " · " + l.ownerName()
                                      : "")
                              .append('\n'));
              if (page.items().size() > LISTED) {
                md.append("……更多请在小程序查看");
              }
              List<Button> buttons = new ArrayList<>();
              page.items().stream()
                  .limit(2)
                  .forEach(
                      l ->
                          buttons.add(
                              "pool".equals(scope)
                                  ? new Button("cmd:领取线索 " + l.company(), "领取 " + l.company())
                                  : new Button(
                                      "cmd:" + l.company() + " 转客户", "转客户 " + l.company())));
              buttons.add(new Button(MiniAppLinks.DETAIL_LEADS, "打开线索列表"));
              return new ChatMessage(title, md.toString().strip(), List.of(), buttons);
            });
  }

  /** The one live lead the actor sees by this name; several are listed to pick from. */
  private Future<ChatMessage> one(
      Actor actor, String typed, java.util.function.Function<Lead, Future<ChatMessage>> then) {
    return leads
        .findByCompany(actor, typed, 5)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(
                    ChatMessage.text(
                        "没有找到「" + typed + "」的未处理线索。说「我的线索」看看有哪些，或「线索 " + typed + " …」先记录一条。"));
              }
              boolean exact = found.get(0).company().equals(typed) || found.size() == 1;
              if (!exact) {
                StringBuilder md = new StringBuilder("「" + typed + "」对应多条线索，请说全名：");
                found.forEach(l -> md.append("\n- ").append(l.company()));
                return Future.succeededFuture(
                    new ChatMessage("是哪一条线索？", md.toString(), List.of(), List.of()));
              }
              return then.apply(found.get(0));
            });
  }
}
