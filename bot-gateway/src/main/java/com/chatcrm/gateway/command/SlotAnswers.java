package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.Intent;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;

/**
 * The rep's answer to a pending question: fills the slot it asked for (asking again when the answer
 * is no time or no stage), then runs the command.
 */
final class SlotAnswers {

  /** Runs a command whose slots are filled (the dispatch of {@link ChatCommands}). */
  interface Execute {
    Future<ChatMessage> execute(Actor actor, Context ctx, ParsedCommand p, String text);
  }

  private final CommandParser parser;
  private final SlotQuestions questions;
  private final OpportunityCommands opportunityCommands;
  private final Execute execute;

  SlotAnswers(
      CommandParser parser,
      SlotQuestions questions,
      OpportunityCommands opportunityCommands,
      Execute execute) {
    this.parser = parser;
    this.questions = questions;
    this.opportunityCommands = opportunityCommands;
    this.execute = execute;
  }

  /** Fills the slot a question asked for with the answer, then does what the command said. */
  Future<ChatMessage> answer(
      Actor actor, Context ctx, io.vertx.core.json.JsonObject pending, String text) {
    ParsedCommand asked = ParsedCommandJson.fromState(pending.getJsonObject("command"));
    String slot = pending.getString("slot");
    String a = CommandParser.normalize(text).replaceAll("^[@]", "").strip();
    ParsedCommand filled;
    switch (slot) {
      case "due" -> {
        ParsedCommand t = parser.parse("提醒我 " + a + " x", ctx.now(), ctx.stageNames());
        if (t.due() == null) {
          return questions.ask(
              actor,
              asked,
              slot,
              t.date() != null ? "这个时间已经过去了，换一个时间？" : "没听懂这个时间，再说一次？",
              "例如：明天上午10点 ／ 周四 16:00 ／ 3天后");
        }
        filled = asked.with("due", t.due());
      }
      case "stage" -> {
        ParsedCommand t = parser.parse("x 推进到 " + a, ctx.now(), ctx.stageNames());
        if (t.stage() == null) {
          return questions.ask(
              actor,
              asked,
              slot,
              "没有这个阶段，推进到哪个阶段？",
              "阶段有：" + String.join("、", ctx.stageList().stream().map(Stage::name).toList()));
        }
        filled = asked.with("stage", t.stage());
      }
      case "amount" -> {
        // a whole command instead of an answer (松柏精工 回款 0万) is that command
        ParsedCommand own = parser.parse(a, ctx.now(), ctx.stageNames());
        if (own.customer() != null
            && own.intent() != Intent.UNKNOWN
            && own.intent() != Intent.HELP) {
          return execute.execute(actor, ctx, own, text);
        }
        // 10万, 150000, 15万元: read as the amount of a receipt would be
        ParsedCommand t = parser.parse("x 回款 " + a, ctx.now(), ctx.stageNames());
        if (t.amount() == null || t.amount().signum() <= 0) {
          return questions.ask(actor, asked, slot, "没听懂这个金额，再说一次？", "例如：20万 ／ 150000 ／ 3.5万");
        }
        filled = asked.with("amount", t.amount());
      }
      // names are matched in the normalised form; free text (a loss reason, a note) is kept as the
      // user typed it
      case "customer", "mention" -> filled = asked.with(slot, a);
      default -> filled = asked.with(slot, text.strip());
    }
    if (filled.intent() == Intent.MOVE_STAGE && "content".equals(slot)) {
      // the reason answers a question; whether 输单 itself was said is what the question remembered
      return opportunityCommands.moveStage(
          actor,
          ctx,
          filled,
          filled.customer() == null ? text : filled.customer(),
          pending.getBoolean("stated", false));
    }
    return execute.execute(
        actor, ctx, filled, filled.customer() == null ? text : filled.customer());
  }
}
