package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.nz;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.mention.MentionService;
import com.chatcrm.engine.org.OrgMember;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Mentions ({@code @同事 ...}): records one for each colleague found, tells them through the
 * notifier, and says who was not found (with the names they may have meant).
 */
final class MentionCommands {

  private final MentionService mentionService;
  private final Notifier notifier;
  private final CustomerResolver resolver;
  private final ColleagueResolver colleagueResolver;
  private final ColleagueSuggestions colleagues;
  private final SlotQuestions questions;

  MentionCommands(
      Engine engine,
      CustomerResolver resolver,
      ColleagueResolver colleagueResolver,
      ColleagueSuggestions colleagues,
      SlotQuestions questions) {
    this.mentionService = engine.mentions();
    this.notifier = engine.notifier();
    this.resolver = resolver;
    this.colleagueResolver = colleagueResolver;
    this.colleagues = colleagues;
    this.questions = questions;
  }

  Future<ChatMessage> mention(Actor actor, Context ctx, ParsedCommand p, String text) {
    if (p.mentions().isEmpty() && ctx.at().isEmpty()) {
      return questions.ask(actor, p, "mention", "要通知谁？", "例如：@李四 星河的报价你帮忙看下");
    }
    Future<Customer> customer = resolver.customerIfNamed(actor, p);
    String content = p.content() == null ? "请帮忙看一下" : p.content();
    return customer.compose(
        c ->
            mentioned(actor, ctx.at(), p.mentions())
                .compose(
                    targets -> {
                      List<String> unknown =
                          targets.stream()
                              .filter(t -> t instanceof ColleagueSuggestions.Unknown)
                              .map(t -> ((ColleagueSuggestions.Unknown) t).name())
                              .toList();
                      if (targets.stream().noneMatch(t -> t instanceof OrgMember)) {
                        // nobody to tell: say so, never 已通知
                        return unknown.isEmpty()
                            ? Future.succeededFuture(ChatMessage.text("通讯录里没有找到你@的同事，没有通知任何人。"))
                            : colleagues
                                .suggest(actor, unknown.get(0))
                                .map(
                                    names ->
                                        ColleagueSuggestions.nobodyFound(
                                            unknown.get(0), names, text));
                      }
                      List<String> notTold = new ArrayList<>();
                      Future<Void> suggested = Future.succeededFuture();
                      for (String name : unknown) {
                        suggested =
                            suggested.compose(
                                v ->
                                    colleagues
                                        .suggest(actor, name)
                                        .map(
                                            names ->
                                                notTold.add(
                                                    ColleagueSuggestions.notTold(name, names)))
                                        .mapEmpty());
                      }
                      return suggested
                          .compose(
                              none ->
                                  Future.all(
                                      targets.stream()
                                          .filter(t -> t instanceof OrgMember)
                                          .map(
                                              t -> {
                                                OrgMember m = (OrgMember) t;
                                                return mentionService
                                                    .mention(
                                                        actor,
                                                        m.id(),
                                                        c == null ? null : c.id(),
                                                        null,
                                                        content)
                                                    .compose(
                                                        x ->
                                                            tell(actor, x, c).map(v -> (Object) x));
                                              })
                                          .toList()))
                          .map(
                              all -> {
                                List<String> who = new ArrayList<>();
                                List<Button> buttons = new ArrayList<>();
                                for (int i = 0; i < all.size(); i++) {
                                  Object r = all.resultAt(i);
                                  if (r instanceof com.chatcrm.engine.mention.Mention m) {
                                    who.add("@" + m.toName());
                                    if (buttons.isEmpty()) {
                                      buttons.add(new Button("undo:mention:" + m.id(), "撤销"));
                                    }
                                  } else {
                                    who.add(String.valueOf(r));
                                  }
                                }
                                List<Field> fields = new ArrayList<>();
                                fields.add(new Field("通知", String.join("、", who)));
                                if (c != null) {
                                  fields.add(new Field("客户", c.name()));
                                }
                                fields.add(new Field("内容", content));
                                if (c != null) {
                                  buttons.add(
                                      0, new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
                                }
                                return new ChatMessage(
                                    "✓ 已通知同事",
                                    notTold.isEmpty() ? null : String.join("\n", notTold),
                                    fields,
                                    buttons);
                              });
                    }));
  }

  /**
   * Who a mention goes to: the colleagues the platform listed (staff ids → users), then the
   * {@code @名字} of the text that are not among them. When the platform listed anyone, a name only
   * counts if a colleague has exactly that name (the text's other @-s are the listed colleagues'
   * display names). Each target is an {@link OrgMember} or, for a name nobody has, a {@link
   * ColleagueSuggestions.Unknown}.
   */
  private Future<List<Object>> mentioned(Actor actor, List<String> at, List<String> names) {
    return colleagueResolver
        .atMembers(actor, at)
        .compose(
            listed -> {
              List<Object> out = new ArrayList<>(listed);
              Future<Void> chain = Future.succeededFuture();
              for (String name : names) {
                chain =
                    chain.compose(
                        v -> {
                          if (out.stream()
                              .anyMatch(
                                  o ->
                                      o instanceof OrgMember m
                                          && (m.name().equals(name)
                                              || name.equals(m.platformUserId())))) {
                            return Future.succeededFuture();
                          }
                          return colleagueResolver
                              .colleague(actor, name)
                              .map(
                                  m -> {
                                    boolean known =
                                        m != null && (listed.isEmpty() || m.name().equals(name));
                                    if (known
                                        && out.stream()
                                            .noneMatch(
                                                o ->
                                                    o instanceof OrgMember x && x.id() == m.id())) {
                                      out.add(m);
                                    } else if (m == null && listed.isEmpty()) {
                                      out.add(new ColleagueSuggestions.Unknown(name));
                                    }
                                    return null;
                                  });
                        });
              }
              return chain.map(v -> out);
            });
  }

  /**
   * Tells the colleague they were @-ed, once per mention (re-running the message pushes nothing
   * new).
   */
  private Future<Void> tell(Actor actor, com.chatcrm.engine.mention.Mention m, Customer c) {
    if (notifier == null) {
      return Future.succeededFuture();
    }
    List<Notification.Field> fields = new ArrayList<>();
    fields.add(new Notification.Field("来自", nz(m.fromName())));
    if (c != null) {
      fields.add(new Notification.Field("客户", c.name()));
    }
    fields.add(new Notification.Field("内容", m.text()));
    List<Notification.Button> buttons =
        c == null
            ? List.of()
            : List.of(
                new Notification.Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                new Notification.Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"));
    // the title says who @-ed them: the body says only what they can do now (it repeated the sender
    // three times)
    String body = c == null ? null : "你现在可以查看「" + c.name() + "」并写跟进";
    return notifier.push(
        actor.tenantId(),
        m.toUserId(),
        new Notification(
            "📣 " + nz(m.fromName()) + " @了你",
            body,
            fields,
            buttons,
            "mention:" + m.id(),
            List.of(Notification.CHAT)));
  }
}
