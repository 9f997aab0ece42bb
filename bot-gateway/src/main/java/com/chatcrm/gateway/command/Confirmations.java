package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageKind;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.language.CommandParser;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One tap to confirm a deal outcome the rep did not state: 赢单 / 输单 said only indirectly (星河 成交了吧,
 * 黄了), and any change of a deal already won or lost (losing a won deal, reopening one). The card
 * carries 确认 / 取消; 确认 does the move as the clicking user at the deal's version shown on the card,
 * so a card tapped after someone else changed the deal does nothing.
 *
 * <p>Keys: {@code confirm:won:<id>:<version>:<card>}, {@code
 * confirm:lost:<id>:<version>:<card>:<reason, base64url>}, {@code
 * confirm:open:<id>:<version>:<card>:<stageId>}, {@code confirm:delete:<customer
 * id>:<version>:<card>} (删除客户), {@code confirm:contact:...} (a contact whose phone is taken, see
 * {@link ContactPhoneWarning}), {@code cancel:card:<card>}; {@code <card>} names the card, so that
 * its 取消 also voids its own 确认 (a DingTalk link stays tappable), not a later card's.
 */
final class Confirmations {

  /** Words that make a statement a guess or a question: 成交了吧, 赢了吗, 应该输了. */
  private static final Pattern HEDGE = Pattern.compile("吧|吗|嘛|呢|\\?|可能|好像|应该|估计|也许|大概|差不多|算是");

  /**
   * An outcome said in so many words: 签了 / 拿下了 (the parser never reads a negated one, 没签下来, as a
   * win); 黄了 or 成交了 alone stay to be confirmed.
   */
  private static final Pattern SAID_WON = Pattern.compile("赢单|签了|签约了|签单了|签下来了|拿下了|\\b(won|win)\\b");

  /** A win said with a negation (没签下来, 没能拿下): never taken as said, should one reach here. */
  private static final Pattern NEGATED_WIN = Pattern.compile("(没有|没|未|不|别)(能|有)?(签|拿|赢|成交)");

  private static final Pattern SAID_LOST = Pattern.compile("输单|丢单|丢了|被竞品抢了|\\b(lost|lose)\\b");

  private static final Pattern KEY =
      Pattern.compile(
          "confirm:(won|delete):\\d{1,18}:\\d{1,9}:[a-z0-9]{8}|confirm:lost:\\d{1,18}:\\d{1,9}:[a-z0-9]{8}:[A-Za-z0-9_-]+"
              + "|confirm:open:\\d{1,18}:\\d{1,9}:[a-z0-9]{8}:\\d{1,18}|cancel:card:[a-z0-9]{8}|"
              + ContactPhoneWarning.KEY);
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final String CARD_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  /**
   * A loss reason rides in the key, base64url so that it survives DingTalk's command links;
   * platforms cap keys near 1 KB (150 Chinese characters are 600 characters encoded).
   */
  private static final int KEY_REASON = 150;

  private final OpportunityService opportunities;
  private final CustomerService customers;
  private final ContactService contacts;
  private final ReplyLog replies;

  Confirmations(Engine engine) {
    this.opportunities = engine.opportunities();
    this.customers = engine.customers();
    this.contacts = engine.contacts();
    this.replies = engine.replies();
  }

  static boolean handles(String key) {
    return key != null && (key.startsWith("confirm:") || key.startsWith("cancel:"));
  }

  /**
   * Whether the line names the outcome itself (赢单, 输单, the tenant's own stage name, won / lost)
   * without a hedge.
   */
  static boolean explicit(String text, Stage target) {
    if (target.kind() == StageKind.OPEN) {
      return true;
    }
    String t = CommandParser.normalize(text).toLowerCase(Locale.ROOT);
    if (HEDGE.matcher(t).find() || NEGATED_WIN.matcher(t).find()) {
      return false;
    }
    return t.contains(target.name().toLowerCase(Locale.ROOT))
        || (target.kind() == StageKind.WON
            ? SAID_WON.matcher(t).find()
            : SAID_LOST.matcher(t).find());
  }

  /** Whether moving the deal to {@code target} must be confirmed first. */
  static boolean needed(Opportunity o, Stage target, boolean explicit) {
    if (o.closed() && target.id() != o.stageId()) {
      return true;
    }
    return target.kind() != StageKind.OPEN && !explicit;
  }

  /** A fresh name for one card's buttons. */
  static String cardId() {
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = CARD_ID_CHARS.charAt(RANDOM.nextInt(CARD_ID_CHARS.length()));
    }
    return new String(id);
  }

  static String confirmKey(Opportunity o, Stage target, String reason, String card) {
    return switch (target.kind()) {
      case WON -> "confirm:won:" + o.id() + ":" + o.version() + ":" + card;
      case LOST ->
          "confirm:lost:"
              + o.id()
              + ":"
              + o.version()
              + ":"
              + card
              + ":"
              + java.util.Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(
                      (reason.length() > KEY_REASON ? reason.substring(0, KEY_REASON) : reason)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> "confirm:open:" + o.id() + ":" + o.version() + ":" + card + ":" + target.id();
    };
  }

  /** The card that asks; nothing has changed yet. */
  static ChatMessage card(Customer c, Opportunity o, Stage target, String reason) {
    String what =
        switch (target.kind()) {
          case WON -> "标记赢单";
          case LOST -> "标记输单";
          default -> "重新打开商机";
        };
    StringBuilder md = new StringBuilder("「" + c.name() + "·" + o.name() + "」要" + what + "吗？");
    if (o.closed()) {
      md.append("这个商机已经是「").append(o.stageName()).append("」。");
    }
    if (target.kind() == StageKind.WON) {
      md.append("赢单后客户级别会改为「成交」。");
    }
    md.append("点「确认」才会改动。");
    List<Field> fields =
        new ArrayList<>(
            List.of(
                new Field("商机", o.name()),
                new Field("金额", CardTexts.money(o.amount())),
                new Field("阶段", o.stageName() + " → " + target.name())));
    if (target.kind() == StageKind.LOST) {
      fields.add(new Field("输单原因", reason));
    }
    String card = cardId();
    return new ChatMessage(
        "请确认：" + what,
        md.toString(),
        fields,
        List.of(
            new Button(
                confirmKey(o, target, reason, card),
                "确认" + (target.kind() == StageKind.OPEN ? "重新打开" : what.substring(2))),
            new Button("cancel:card:" + card, "取消")));
  }

  /** Several deals and an outcome to confirm: tapping a deal confirms it for that one. */
  static ChatMessage chooseAndConfirm(
      Customer c, List<Opportunity> deals, Stage target, String reason) {
    String card = cardId();
    List<Button> buttons =
        new ArrayList<>(
            deals.stream()
                .limit(4)
                .map(
                    o -> new Button(confirmKey(o, target, reason, card), CardTexts.label(o.name())))
                .toList());
    buttons.add(new Button("cancel:card:" + card, "取消"));
    return new ChatMessage(
        "请确认：哪个商机" + target.name() + "？",
        "客户「" + c.name() + "」有多个商机，点选即确认把它标记为「" + target.name() + "」；点「取消」则不改动。",
        List.of(),
        buttons);
  }

  /**
   * Does what a tapped 确认 / 取消 says, as {@code actor}; answers the button's new text. A done move
   * is recorded as the click's reply with its 撤销 key, so a typed 撤销 takes it back like any other
   * change.
   */
  Future<String> perform(Actor actor, String key, String clickKey) {
    if (!KEY.matcher(key).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a confirmation key"));
    }
    String[] parts = key.split(":", 6);
    if (parts[0].equals("cancel")) {
      // remembered, so that the card's 确认 tapped afterwards does nothing
      return replies
          .record(actor.tenantId(), cancelled(parts[2]), new io.vertx.core.json.JsonObject())
          .map("已取消，没有改动");
    }
    return replies
        .find(actor.tenantId(), cancelled(parts[4]))
        .compose(
            gone ->
                gone != null
                    ? Future.succeededFuture("这张卡片已取消，没有改动；需要时请重新发送")
                    : confirm(actor, parts, clickKey));
  }

  /** The reply-log key that marks a card as cancelled. */
  private static String cancelled(String card) {
    return "cancelled-card:" + card;
  }

  private Future<String> confirm(Actor actor, String[] parts, String clickKey) {
    if (parts[1].equals("contact")) {
      return ContactPhoneWarning.confirmed(contacts, replies, actor, parts, clickKey)
          .recover(
              e ->
                  e instanceof EngineException refused
                      ? Future.succeededFuture("无法完成：" + shorten(CardTexts.inChinese(refused)))
                      : Future.failedFuture(e));
    }
    if (parts[1].equals("delete")) {
      return CustomerDeletion.confirmed(
              customers,
              replies,
              actor,
              Long.parseLong(parts[2]),
              Integer.parseInt(parts[3]),
              clickKey)
          .recover(
              e ->
                  e instanceof EngineException refused
                      ? Future.succeededFuture("无法完成：" + shorten(CardTexts.inChinese(refused)))
                      : Future.failedFuture(e));
    }
    long id = Long.parseLong(parts[2]);
    int version = Integer.parseInt(parts[3]);
    String reason =
        parts[1].equals("lost")
            ? new String(
                java.util.Base64.getUrlDecoder().decode(parts[5]),
                java.nio.charset.StandardCharsets.UTF_8)
            : null;
    Future<String> done =
        opportunities
            .get(actor, id)
            .compose(
                before ->
                    (switch (parts[1]) {
                          case "won" -> opportunities.win(actor, id, version);
                          case "lost" -> opportunities.lose(actor, id, version, reason);
                          default ->
                              opportunities.moveStage(actor, id, version, Long.parseLong(parts[5]));
                        })
                        .compose(
                            m -> {
                              String label =
                                  switch (m.status().code()) {
                                    case "won" -> "🎉 已赢单";
                                    case "lost" -> "已标记输单";
                                    default -> "✓ 已移到" + m.stageName();
                                  };
                              ChatMessage reply =
                                  new ChatMessage(
                                      label,
                                      m.name() + "：" + before.stageName() + " → " + m.stageName(),
                                      List.of(new Field("商机", m.name())),
                                      List.of(
                                          new Button(
                                              "undo:stage:" + m.id() + ":" + before.stageId(),
                                              "撤销")));
                              return (clickKey == null
                                      ? Future.<Void>succeededFuture()
                                      : replies.record(actor.tenantId(), clickKey, reply.toJson()))
                                  .map(label);
                            }));
    return done.recover(
        e ->
            e instanceof EngineException refused
                ? Future.succeededFuture("无法完成：" + shorten(CardTexts.inChinese(refused)))
                : Future.failedFuture(e));
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
