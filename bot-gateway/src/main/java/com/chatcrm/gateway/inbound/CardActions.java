package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.Snooze;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.chatcrm.gateway.LogSafe;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a button on one of our cards does, as the user who clicked it: {@code reminder.done:42}
 * completes reminder 42, {@code reminder.snooze:42:60} puts it off an hour and {@code
 * reminder.snooze:42:tomorrow} until tomorrow morning (see {@link Snooze}); {@code
 * leaver.handover:7:9} hands leaver 7's customers, open deals and reminders to user 9 ({@link
 * LeaverHandovers}). Answers the text the clicked button shows afterwards, so the card tells what
 * was done (or why nothing was).
 */
public final class CardActions {

  private static final Logger LOG = LoggerFactory.getLogger(CardActions.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

  /**
   * What a button whose key we cannot read answers: said once, and the click is done (never
   * retried).
   */
  public static final String EXPIRED = "这个按钮已失效，请重新发送命令";

  private static final java.util.regex.Pattern OWN_KEY =
      java.util.regex.Pattern.compile(
          "reminder\\.done:\\d{1,18}|reminder\\.snooze:\\d{1,18}(:(\\d{1,6}|tomorrow))?"
              + "|leaver\\.handover:\\d{1,18}:\\d{1,18}");

  /** Buttons defined elsewhere, e.g. the command language's {@code cmd:} and {@code undo:} keys. */
  public interface Extra {
    boolean handles(String buttonKey);

    /** Does what the button says as the clicking user; answers the button's new text. */
    Future<String> perform(long tenantId, String platformUserId, String buttonKey, String clickKey);
  }

  private final OrgService org;
  private final ReminderService reminders;
  private final Clock clock;
  private final Extra extra;
  private final LeaverHandovers handovers;

  public CardActions(OrgService org, ReminderService reminders, Clock clock) {
    this(org, reminders, clock, null);
  }

  public CardActions(OrgService org, ReminderService reminders, Clock clock, Extra extra) {
    this(org, reminders, clock, extra, null);
  }

  /**
   * @param handovers carries out 离职交接 buttons; null answers them as expired
   */
  public CardActions(
      OrgService org,
      ReminderService reminders,
      Clock clock,
      Extra extra,
      LeaverHandovers handovers) {
    this.org = org;
    this.reminders = reminders;
    this.clock = clock;
    this.extra = extra;
    this.handovers = handovers;
  }

  /**
   * @param clickKey the platform's id of this click, recorded as the source of the change
   */
  public Future<String> perform(
      long tenantId, String platformUserId, String buttonKey, String clickKey) {
    Future<String> done;
    try {
      done =
          extra != null && extra.handles(buttonKey)
              ? extra.perform(tenantId, platformUserId, buttonKey, clickKey)
              : own(tenantId, platformUserId, buttonKey, clickKey);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    // a key we cannot read fails the same way on every retry: answer it once instead
    return done.recover(
        e ->
            e instanceof IllegalArgumentException
                ? Future.succeededFuture(expired(buttonKey, platformUserId, e.toString()))
                : Future.failedFuture(e));
  }

  /**
   * Logs a malformed key (no stack trace: it is the sender's input, not our failure) and answers
   * {@link #EXPIRED}.
   */
  public static String expired(String buttonKey, String platformUserId, String why) {
    LOG.warn(
        "Card button key «{}» clicked by {} is malformed, answered as expired: {}",
        LogSafe.text(buttonKey),
        LogSafe.text(platformUserId),
        LogSafe.text(why));
    return EXPIRED;
  }

  private Future<String> own(
      long tenantId, String platformUserId, String buttonKey, String clickKey) {
    if (buttonKey == null || !OWN_KEY.matcher(buttonKey).matches()) {
      return Future.succeededFuture(expired(buttonKey, platformUserId, "unknown key"));
    }
    String[] parts = buttonKey.split(":");
    long id = Long.parseLong(parts[1]);
    return org.userId(tenantId, platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenantId, userId, Source.chat(clickKey));
              return switch (parts[0]) {
                case "reminder.done" ->
                    reminders
                        .get(actor, id)
                        .compose(r -> reminders.done(actor, id, r.version()))
                        .map(r -> "✓ 已完成");
                case "reminder.snooze" ->
                    reminders
                        .snooze(
                            actor,
                            id,
                            Snooze.ofKeyPart(parts.length > 2 ? parts[2] : null),
                            clock.instant())
                        .map(until -> "已推迟到 " + WHEN.format(until));
                case "leaver.handover" ->
                    handovers == null
                        ? Future.succeededFuture(EXPIRED)
                        : handovers
                            .handOver(actor, id, Long.parseLong(parts[2]))
                            .map(CardActions::handedOver);
                default -> Future.succeededFuture(EXPIRED);
              };
            })
        .recover(
            e -> {
              if (e instanceof EngineException refused) {
                // a refusal is an answer for the user, not a failure to retry
                LOG.info(
                    "Card action {} by {} refused: {}",
                    LogSafe.text(buttonKey),
                    LogSafe.text(platformUserId),
                    LogSafe.text(refused.getMessage()));
                return Future.succeededFuture("无法处理：" + shorten(refused.getMessage()));
              }
              return Future.failedFuture(e);
            });
  }

  /**
   * What a 离职交接 button shows: whom it went to; tapped again (or by another manager) when done, that
   * it was done before, when (the tenant's time) and to whom.
   */
  static String handedOver(LeaverHandovers.Handover h) {
    return h.already()
        ? "已经交接过了：" + WHEN.format(h.handedAt()) + " 已交接给 " + h.successorName()
        : "✓ 已交接给 " + h.successorName();
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
