package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.Intent;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Whether the line a rep types while a question waits is the answer or a new command. A free-text
 * answer (a loss reason, what a follow-up was about) can be any sentence, so a line only counts as
 * a command when its parse is confident and complete: a command word first, an @colleague to
 * address, a transfer to a colleague who exists, a short listing (待办, 漏斗), or a claim / stage move
 * / timed reminder about a customer the rep can see. 价格太高，被竞品抢了 or 客户转给了别的供应商 stay answers.
 */
final class PendingQuestions {

  /** Intents whose line is a listing: a command when the line is hardly more than its word. */
  private static final Set<Intent> LISTINGS =
      Set.of(Intent.HELP, Intent.PIPELINE, Intent.TODO, Intent.DAILY_REPORT, Intent.POOL);

  /** 今天要做什么 / 漏斗 团队 are short; a reason that mentions 业绩 is a sentence. */
  private static final int SHORT_LISTING = 8;

  private final CommandParser parser;
  private final OrgQueries org;

  /**
   * Whether one customer the actor may see (or, for a claim, in the pool) answers to the parsed
   * name.
   */
  private final BiFunction<Actor, ParsedCommand, Future<Boolean>> knownCustomer;

  PendingQuestions(
      CommandParser parser,
      OrgQueries org,
      BiFunction<Actor, ParsedCommand, Future<Boolean>> knownCustomer) {
    this.parser = parser;
    this.org = org;
    this.knownCustomer = knownCustomer;
  }

  /**
   * Whether {@code text}, typed while the question for {@code slot} waits, is a new command rather
   * than the answer.
   */
  /** Intents that change a customer's records. */
  private static final java.util.Set<Intent> ON_A_CUSTOMER =
      java.util.EnumSet.of(
          Intent.LOG_FOLLOWUP,
          Intent.SET_REMINDER,
          Intent.MOVE_STAGE,
          Intent.ADD_OPPORTUNITY,
          Intent.EDIT_OPPORTUNITY,
          Intent.EDIT_CONTACT,
          Intent.DELETE_CUSTOMER,
          Intent.SET_LEVEL);

  private static boolean sameCustomer(String linked, String askedAbout) {
    return askedAbout != null && !askedAbout.isBlank() && linked.contains(askedAbout);
  }

  /**
   * @param askedAbout the customer of the command whose question is open, as it was named (null
   *     when none)
   */
  Future<Boolean> isNewCommand(
      Actor actor,
      String slot,
      String askedAbout,
      String text,
      ParsedCommand parsed,
      ChatCommands.Context ctx) {
    if (parser.leadsWithKeyword(text, ctx.now())) {
      return Future.succeededFuture(true);
    }
    Intent intent = parsed.intent();
    // a name was asked for: any sentence that is a command of its own is not a name
    if (("customer".equals(slot) || "mention".equals(slot) || "stage".equals(slot))
        && intent != Intent.UNKNOWN
        && intent != Intent.FIND_CUSTOMER) {
      return Future.succeededFuture(true);
    }
    String line = CommandParser.normalize(text);
    if (LISTINGS.contains(intent)) {
      return Future.succeededFuture(line.replace(" ", "").length() <= SHORT_LISTING);
    }
    if (intent == Intent.MENTION) {
      return Future.succeededFuture(line.startsWith("@") || !ctx.at().isEmpty());
    }
    if (intent == Intent.TRANSFER) {
      if (!ctx.at().isEmpty()) {
        return Future.succeededFuture(true);
      }
      if (parsed.mentions().isEmpty() || parsed.customerCandidates().isEmpty()) {
        return Future.succeededFuture(false);
      }
      String name = parsed.mentions().get(0);
      return org.findByName(actor, name)
          .map(found -> found.stream().anyMatch(m -> m.name().equals(name)))
          .otherwise(false);
    }
    if (parsed.customerId() != null
        && ON_A_CUSTOMER.contains(intent)
        && !sameCustomer(parsed.customer(), askedAbout)) {
      // a line about another customer the sender has (星河还没签，下周再跟 while 天海's loss reason is
      // asked) is that customer's command, not the answer
      return Future.succeededFuture(true);
    }
    boolean aboutCustomer =
        intent == Intent.CLAIM
            || intent == Intent.MOVE_STAGE && parsed.stage() != null
            || intent == Intent.SET_REMINDER && parsed.due() != null;
    if (aboutCustomer && !parsed.customerCandidates().isEmpty()) {
      return knownCustomer.apply(actor, parsed).otherwise(false);
    }
    return Future.succeededFuture(false);
  }

  /** The scope a parsed command's customer is looked for in. */
  static CustomerSearch.Scope scopeOf(ParsedCommand parsed) {
    return parsed.intent() == Intent.CLAIM
        ? CustomerSearch.Scope.POOL
        : CustomerSearch.Scope.VISIBLE;
  }

  /**
   * The reply to the command, saying that the question it replaced is gone (the rep may have meant
   * to answer).
   */
  static ChatMessage withDropped(ChatMessage reply, JsonObject pending) {
    String note = "（刚才问的" + asked(pending) + "已取消，需要时请重新发送）";
    String md =
        reply.markdown() == null || reply.markdown().isBlank()
            ? note
            : reply.markdown() + "\n" + note;
    return new ChatMessage(reply.title(), md, reply.fields(), reply.buttons(), reply.imageUrl());
  }

  private static String asked(JsonObject pending) {
    String slot = pending.getString("slot", "");
    JsonObject command = pending.getJsonObject("command");
    ParsedCommand p = command == null ? null : ParsedCommandJson.fromState(command);
    String about = p == null || p.customer() == null ? "" : "「" + p.customer() + "」的";
    return about
        + switch (slot) {
          case "content" -> p != null && p.intent() == Intent.MOVE_STAGE ? "输单原因" : "内容";
          case "customer" -> "客户";
          case "due" -> "提醒时间";
          case "stage" -> "阶段";
          case "mention" -> "同事";
          default -> "问题";
        };
  }
}
