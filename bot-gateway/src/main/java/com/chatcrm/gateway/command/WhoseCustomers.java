package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/**
 * Whose customers a line asks for (我的 / 团队的 / 李四的), as a filter and the words that name them;
 * shared by 李四的客户 and 导出李四的客户.
 */
final class WhoseCustomers {

  private final ColleagueResolver colleagues;

  WhoseCustomers(ColleagueResolver colleagues) {
    this.colleagues = colleagues;
  }

  /** Answers {@code then(filter, whose)}, or that the colleague named is not in the directory. */
  Future<ChatMessage> of(
      Actor actor, ParsedCommand p, BiFunction<CustomerFilter, String, Future<ChatMessage>> then) {
    if (!p.mentions().isEmpty()) {
      String name = p.mentions().get(0);
      return colleagues
          .colleague(actor, name)
          .compose(
              m ->
                  m == null
                      ? Future.succeededFuture(ChatMessage.text("通讯录里没有找到「" + name + "」。"))
                      : then.apply(CustomerFilter.team().withOwner(m.id()), m.name() + "的客户"));
    }
    boolean team = "team".equals(p.scope());
    return then.apply(
        team ? CustomerFilter.team() : CustomerFilter.mine(), team ? "团队的客户" : "我的客户");
  }
}
