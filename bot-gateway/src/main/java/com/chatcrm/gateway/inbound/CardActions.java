package com.chatcrm.gateway.inbound;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.error.EngineException;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.reminder.Snooze;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a button on one of our cards does, as the user who clicked it: {@code reminder.done:42} completes
 * reminder 42, {@code reminder.snooze:42:60} puts it off an hour and {@code reminder.snooze:42:tomorrow} until
 * tomorrow morning (see {@link Snooze}). Answers the text the clicked button
 * shows afterwards, so the card tells what was done (or why nothing was).
 */
public final class CardActions {

  private static final Logger LOG = LoggerFactory.getLogger(CardActions.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

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

  public CardActions(OrgService org, ReminderService reminders, Clock clock) {
    this(org, reminders, clock, null);
  }

  public CardActions(OrgService org, ReminderService reminders, Clock clock, Extra extra) {
    this.org = org;
    this.reminders = reminders;
    this.clock = clock;
    this.extra = extra;
  }

  /** @param clickKey the platform's id of this click, recorded as the source of the change */
  public Future<String> perform(long tenantId, String platformUserId, String buttonKey, String clickKey) {
    if (extra != null && extra.handles(buttonKey)) {
      return extra.perform(tenantId, platformUserId, buttonKey, clickKey);
    }
    String[] parts = buttonKey == null ? new String[0] : buttonKey.split(":");
    if (parts.length < 2) {
      return Future.succeededFuture("已处理");
    }
    long id;
    try {
      id = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return Future.succeededFuture("已处理");
    }
    return org.userId(tenantId, platformUserId).compose(userId -> {
      Actor actor = Actor.user(tenantId, userId, Source.chat(clickKey));
      return switch (parts[0]) {
        case "reminder.done" -> reminders.get(actor, id)
            .compose(r -> reminders.done(actor, id, r.version()))
            .map(r -> "✓ 已完成");
        case "reminder.snooze" -> reminders.snooze(actor, id, Snooze.ofKeyPart(parts.length > 2 ? parts[2] : null),
                clock.instant())
            .map(until -> "已推迟到 " + WHEN.format(until));
        default -> Future.succeededFuture("已处理");
      };
    }).recover(e -> {
      if (e instanceof EngineException refused) {
        // a refusal is an answer for the user, not a failure to retry
        LOG.info("Card action {} by {} refused: {}", buttonKey, platformUserId, refused.getMessage());
        return Future.succeededFuture("无法处理：" + shorten(refused.getMessage()));
      }
      return Future.failedFuture(e);
    });
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }
}
