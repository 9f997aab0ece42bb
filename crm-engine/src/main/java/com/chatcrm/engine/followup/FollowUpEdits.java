package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.audit.FieldChanges;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Correcting a follow-up: only its author, and only within {@link #WINDOW} of writing it — a record
 * of what happened is not rewritten later, nor by anyone else (a manager who disagrees writes a
 * follow-up of their own). Audited with the old and new values.
 */
final class FollowUpEdits {

  /** How long after writing a follow-up its author may still correct it. */
  static final Duration WINDOW = Duration.ofDays(1);

  private final Pool pool;
  private final Clock clock;

  FollowUpEdits(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  static boolean canEdit(Actor actor, FollowUp f, Instant now) {
    return !f.deleted()
        && !actor.isSystem()
        && f.authorId() == actor.userId()
        && now.isBefore(f.createdAt().plus(WINDOW));
  }

  /** Sets the content and / or the method (null leaves one as it is). */
  Future<FollowUp> edit(Actor actor, long id, String content, String method) {
    JsonObject wanted;
    try {
      wanted = valid(content, method);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            FollowUpService.load(tx, actor.tenantId(), id, true)
                // one on a customer the actor may not see answers like a missing id, before
                // naming its author
                .compose(
                    f ->
                        CustomerGuard.mustSee(
                                tx, access, f.customerId(), FollowUpService.missing(id))
                            .map(f))
                .compose(
                    f -> {
                      if (f.deleted()) {
                        return Future.failedFuture(new NotFound("跟进记录已删除（" + id + "）"));
                      }
                      refuseUnlessEditable(actor, f);
                      if (f.checkIn() != null
                          && wanted.containsKey("method")
                          && !FollowUpMethod.VISIT.code().equals(wanted.getString("method"))) {
                        // the team's 拜访 list and its places rest on a check-in staying a visit
                        return Future.failedFuture(InvalidInput.field("method", "拜访签到的跟进方式不能改"));
                      }
                      JsonObject before =
                          new JsonObject()
                              .put("content", f.content())
                              .put("method", f.method().code());
                      JsonObject after = before.copy().mergeIn(wanted);
                      JsonObject diff = FieldChanges.between(before, after);
                      if (diff.isEmpty()) {
                        return Future.succeededFuture(f);
                      }
                      return tx.preparedQuery(FollowUpSql.UPDATE)
                          .execute(
                              Tuple.of(
                                  actor.tenantId(),
                                  id,
                                  after.getString("content"),
                                  after.getString("method")))
                          .compose(
                              x ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "update",
                                      "follow_up",
                                      id,
                                      diff.copy().put("customerId", f.customerId())))
                          .compose(x -> FollowUpService.load(tx, actor.tenantId(), id, false));
                    }));
  }

  private void refuseUnlessEditable(Actor actor, FollowUp f) {
    if (f.authorId() != actor.userId()) {
      throw new Forbidden(
          "只有记录人" + f.authorName() + "可以修改这条跟进记录",
          new JsonObject().put("reason", "not_author").put("authorName", f.authorName()));
    }
    if (!canEdit(actor, f, clock.instant())) {
      throw new Forbidden(
          "跟进记录只能在写下后一天内修改，这条已经超过了",
          new JsonObject()
              .put("reason", "too_late")
              .put("editableUntil", f.createdAt().plus(WINDOW).toString()));
    }
  }

  private static JsonObject valid(String content, String method) {
    JsonObject out = new JsonObject();
    if (content != null) {
      String c = ControlCharacters.refuse("content", content) == null ? "" : content.strip();
      if (c.isEmpty()) {
        throw InvalidInput.field("content", "跟进内容不能为空");
      }
      if (c.length() > FollowUpService.MAX_CONTENT) {
        throw InvalidInput.field("content", "跟进内容不能超过 " + FollowUpService.MAX_CONTENT + " 个字");
      }
      out.put("content", c);
    }
    if (method != null) {
      out.put("method", FollowUpMethod.parse(method).code());
    }
    if (out.isEmpty()) {
      throw InvalidInput.field("content", "没有要修改的内容");
    }
    return out;
  }
}
