package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.gateway.inbound.CardActions;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.language.CommandParser;
import io.vertx.core.Future;
import java.util.List;
import java.util.regex.Pattern;

/**
 * 撤销 / 撤回 / undo typed as a line: takes back the sender's last change made in chat, by tapping the
 * 撤销 button of that change's reply for them, so the typed word and the button go the same way
 * through the engine (same checks, same 10-minute window). The last change is the newest audit row
 * the sender wrote from chat; its message's recorded reply carries the undo key. When that reply
 * has none (the last change was itself an undo, or has nothing to take back), nothing is undone.
 */
final class TypedUndo {

  private static final Pattern WORDS =
      Pattern.compile("(?i)(撤销|撤回|撤消|undo)(一下|上一步|刚才的?(操作|改动|修改)?|上一条)?[!.。！]*");

  private final LastChange lastChange;
  private volatile CardActions.Extra buttons;

  TypedUndo(LastChange lastChange) {
    this.lastChange = lastChange;
  }

  /** The buttons that carry out an undo key ({@link CommandButtons}); set once they exist. */
  void performWith(CardActions.Extra buttons) {
    this.buttons = buttons;
  }

  /**
   * Whether the whole line asks to undo (not 撤销 inside a sentence, and not a customer named so).
   */
  static boolean isUndo(String text) {
    return WORDS.matcher(CommandParser.normalize(text)).matches();
  }

  Future<ChatMessage> undo(Actor actor, String platformUserId, String messageKey) {
    CardActions.Extra buttons = this.buttons;
    return lastChange
        .reply(actor)
        .compose(
            last -> {
              String key = LastChange.undoKey(last);
              if (key == null || buttons == null) {
                return Future.succeededFuture(
                    new ChatMessage(
                        "没有可以撤销的改动",
                        "撤销只对你在聊天里最近一次的改动有效（" + CommandButtons.UNDO_WINDOW.toMinutes() + " 分钟内）。",
                        List.of(),
                        List.of()));
              }
              return buttons
                  .perform(actor.tenantId(), platformUserId, key, messageKey)
                  .map(
                      outcome ->
                          outcome.startsWith("✓")
                              ? new ChatMessage(
                                  "✓ 已撤销", "已撤销：" + describe(last), List.of(), List.of())
                              : ChatMessage.text(outcome));
            });
  }

  /** 「✓ 已新建客户」 with its first field, e.g. 已新建客户 · 客户 星河传媒. */
  private static String describe(ChatMessage done) {
    String title = done.title() == null ? "" : done.title().replaceFirst("^[^\\p{IsHan}]+", "");
    List<Field> fields = done.fields();
    return fields.isEmpty()
        ? title
        : title + " · " + fields.get(0).label() + " " + fields.get(0).value();
  }
}
