package com.chatcrm.gateway.inbound;

import com.chatcrm.gateway.message.ChatMessage;
import io.vertx.core.Future;
import java.util.List;

/**
 * Until the command language lands: acknowledges what was typed and shows what will be possible.
 */
public final class HelpOnlyCommands implements TextCommands {

  static final String HELP =
      String.join(
          "\n",
          "**Chat CRM 使用帮助**",
          "- 新建客户 华为技术 电话 13800138000",
          "- 跟进 华为技术 电话沟通了报价，下周三再联系",
          "- 提醒我 明天上午10点 回访华为",
          "- 我的漏斗 / 本周业绩",
          "- @同事 帮忙跟进 华为技术");

  @Override
  public Future<ChatMessage> reply(
      long tenantId, String platformUserId, String text, String messageKey) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()
        || t.equals("帮助")
        || t.equalsIgnoreCase("help")
        || t.equals("?")
        || t.equals("？")) {
      return Future.succeededFuture(new ChatMessage("Chat CRM 使用帮助", HELP, List.of(), List.of()));
    }
    return Future.succeededFuture(ChatMessage.text("收到：" + t + "\n（命令功能即将上线，输入「帮助」查看用法）"));
  }
}
