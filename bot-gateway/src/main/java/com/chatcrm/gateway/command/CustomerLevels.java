package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerChanges;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.Intent;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 客户级别 (潜在 / 意向 / 成交 / 流失) set in chat: {@code 星河 级别改成意向}, {@code 星河 级别 成交}. The level is the
 * customer's own field: setting it to 成交 never touches a deal (winning one is a stage move, and
 * asks to confirm when the line does not say 赢单). Read before the command parser, whose stage words
 * include 成交.
 */
final class CustomerLevels {

  private static final Pattern LINE =
      Pattern.compile(
          "^(?:把|将)?(.+?)\\s*(?:的)?(?:客户)?\\s*(?:级别|等级|客户级别|level)\\s*"
              + "(?:改成|改为|设为|设成|设置为|调成|调为|调整为|变成|变为|升为|降为|是|为|:|=|to)?\\s*(潜在|意向|成交|流失)(?:客户)?$",
          Pattern.CASE_INSENSITIVE);

  /** A line asking to set a customer's level: the customer as typed and the level. */
  record Request(String customer, CustomerLevel level) {}

  /** Runs a change on the customer the line names, or answers the card for none / several found. */
  interface CustomerStep {
    Future<ChatMessage> with(
        Actor actor, ParsedCommand p, String text, Function<Customer, Future<ChatMessage>> then);
  }

  private final CustomerService customers;
  private final CustomerStep step;

  CustomerLevels(CustomerService customers, CustomerStep step) {
    this.customers = customers;
    this.step = step;
  }

  /** The request, or null when the line is not about a customer's level. */
  static Request parse(String text) {
    Matcher m = LINE.matcher(CommandParser.normalize(text));
    if (!m.matches()) {
      return null;
    }
    String customer = m.group(1).strip();
    return customer.isEmpty() ? null : new Request(customer, CustomerLevel.parse(m.group(2)));
  }

  Future<ChatMessage> set(Actor actor, Request r, String text) {
    ParsedCommand p = ParsedCommand.of(Intent.FIND_CUSTOMER).with("customer", r.customer());
    return step.with(
        actor,
        p,
        text,
        c -> {
          CustomerLevel before = c.level();
          return customers
              .update(actor, c.id(), c.version(), CustomerChanges.none().level(r.level()))
              .map(
                  x ->
                      new ChatMessage(
                          before == r.level() ? "客户级别没有变化" : "✓ 客户级别已更新",
                          "「" + x.name() + "」：" + before.label() + " → " + x.level().label(),
                          List.of(new Field("客户", x.name()), new Field("级别", x.level().label())),
                          before == r.level()
                              ? List.of(new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"))
                              : List.of(
                                  new Button(MiniAppLinks.DETAIL_CUSTOMER + x.id(), "打开详情"),
                                  new Button("undo:level:" + x.id() + ":" + before.code(), "撤销"))));
        });
  }
}
