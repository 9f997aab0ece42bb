package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerFilter;
import com.chatcrm.engine.customer.CustomerList;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.port.ExportLinks;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.List;

/**
 * 导出我的客户 / 导出团队客户 / 导出李四的客户: answered with a signed download link of the .xlsx, the same list the
 * mini-app shows the sender.
 */
final class CustomerExports {

  private final CustomerList customers;
  private final WhoseCustomers whose;
  private final ExportLinks links;

  /**
   * @param links null where the service makes no download links (tools, tests)
   */
  CustomerExports(Engine engine, ColleagueResolver colleagues, ExportLinks links) {
    this.customers = engine.customerList();
    this.whose = new WhoseCustomers(colleagues);
    this.links = links;
  }

  Future<ChatMessage> export(Actor actor, ParsedCommand p) {
    if (links == null) {
      return Future.succeededFuture(ChatMessage.text("这里不能导出，请在小程序的客户列表里导出。"));
    }
    return whose.of(actor, p, (filter, label) -> export(actor, filter, label));
  }

  private Future<ChatMessage> export(Actor actor, CustomerFilter filter, String whose) {
    return customers
        .count(actor, filter)
        .map(
            total ->
                total == 0
                    ? ChatMessage.text(whose + "：还没有客户，没有可导出的。")
                    : new ChatMessage(
                        "导出客户",
                        whose + "共 " + total + " 家，已生成 Excel。链接 24 小时内有效，请勿转发。",
                        List.of(),
                        List.of(
                            ChatMessage.Button.open(links.customers(actor, filter), "下载 Excel"))))
        .recover(
            e ->
                e instanceof Forbidden
                    ? Future.succeededFuture(
                        ChatMessage.text("你只能导出自己和你管理的同事的客户，不能导出" + whose + "。"))
                    : Future.failedFuture(e));
  }
}
