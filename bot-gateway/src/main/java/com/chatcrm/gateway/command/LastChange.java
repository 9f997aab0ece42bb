package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The sender's last change made in chat within the undo window, as the reply that answered it: the
 * newest audit row they wrote from chat, and its message's recorded reply, whose 撤销 key names what
 * changed. What a typed 撤销 takes back and what 不对，是… corrects.
 */
final class LastChange {

  private static final String LAST_CHANGE =
      """
      SELECT a.source_ref, r.reply FROM audit_log a
      LEFT JOIN command_reply r ON r.tenant_id = a.tenant_id AND r.message_key = a.source_ref
      WHERE a.tenant_id = $1 AND a.actor_id = $2 AND a.source = 'chat' AND a.at > $3
      ORDER BY a.at DESC, a.id DESC LIMIT 1""";

  private final Pool pool;
  private final Clock clock;

  LastChange(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** The reply to the last change, or null when there is none within the window. */
  Future<ChatMessage> reply(Actor actor) {
    OffsetDateTime since =
        OffsetDateTime.ofInstant(clock.instant().minus(CommandButtons.UNDO_WINDOW), ZoneOffset.UTC);
    return pool.preparedQuery(LAST_CHANGE)
        .execute(Tuple.of(actor.tenantId(), actor.userId(), since))
        .map(
            rows ->
                rows.size() == 0 || rows.iterator().next().getValue("reply") == null
                    ? null
                    : ChatMessage.fromJson((JsonObject) rows.iterator().next().getValue("reply")));
  }

  /** The 撤销 key of a reply, or null when it has none. */
  static String undoKey(ChatMessage reply) {
    return reply == null
        ? null
        : reply.buttons().stream()
            .map(Button::key)
            .filter(k -> k != null && k.startsWith("undo:"))
            .findFirst()
            .orElse(null);
  }
}
