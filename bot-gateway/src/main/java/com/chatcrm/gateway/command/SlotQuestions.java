package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.conversation.ConversationService;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.List;

/**
 * Asks for one missing slot of a command and remembers the command in the conversation, so the
 * rep's next line answers it.
 */
final class SlotQuestions {

  private final ConversationService conversations;

  SlotQuestions(Engine engine) {
    this.conversations = engine.conversations();
  }

  /** Asks for one missing slot and remembers the command, so the rep's next line answers it. */
  Future<ChatMessage> ask(
      Actor actor, ParsedCommand p, String slot, String question, String example) {
    return remember(actor, p, slot)
        .map(v -> new ChatMessage(question, example + "\n（直接回复即可）", List.of(), List.of()));
  }

  Future<Void> remember(Actor actor, ParsedCommand p, String slot) {
    return conversations.ask(
        actor,
        new io.vertx.core.json.JsonObject()
            .put("slot", slot)
            .put("command", ParsedCommandJson.toState(p)),
        ChatCommands.ANSWER_WITHIN);
  }
}
