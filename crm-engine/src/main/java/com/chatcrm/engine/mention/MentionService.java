package com.chatcrm.engine.mention;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.followup.CustomerGuard;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * @-mentions ("@李四 帮忙跟进一下"): record one, make its target a collaborator (协同人) of the named customer
 * so they can act on it, list what is open to and from the actor, mark done.
 */
public final class MentionService {

  static final int MAX_TEXT = 1000;
  static final int MAX_LIMIT = 200;

  private final Pool pool;

  public MentionService(Pool pool) {
    this.pool = pool;
  }

  /**
   * Mentions {@code toUserId}, an active colleague, optionally about a customer or an opportunity
   * (which names its customer). The actor must be able to edit that customer; the target becomes
   * its collaborator unless they can edit it already. Re-delivering the same chat message mentions
   * each target once.
   */
  public Future<Mention> mention(
      Actor actor, long toUserId, Long customerId, Long opportunityId, String text) {
    if (actor.isSystem()) {
      return Future.failedFuture(
          new Forbidden("a mention needs a sender: the system cannot send one"));
    }
    String t = text == null ? "" : text.strip();
    if (ControlCharacters.found(t)) {
      return Future.failedFuture(ControlCharacters.refusal("text"));
    }
    if (t.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("text", "请写上要说的话"));
    }
    if (t.length() > MAX_TEXT) {
      return Future.failedFuture(InvalidInput.field("text", "不能超过 " + MAX_TEXT + " 个字"));
    }
    if (toUserId == actor.userId()) {
      return Future.failedFuture(InvalidInput.field("toUserId", "不能@自己"));
    }
    String messageId = messageId(actor);
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                byMessage(tx, actor, messageId, toUserId)
                    .compose(
                        found ->
                            found != null
                                ? Future.succeededFuture(found)
                                : record(
                                    tx, access, toUserId, customerId, opportunityId, t, messageId)))
        .recover(
            e ->
                replayed(e)
                    ? byMessage(pool, actor, messageId, toUserId)
                        .compose(
                            m -> m != null ? Future.succeededFuture(m) : Future.failedFuture(e))
                    : Future.failedFuture(e));
  }

  /** A mention the actor sent or received, or one between people the actor manages. */
  public Future<Mention> get(Actor actor, long mentionId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> load(pool, actor.tenantId(), mentionId, false).map(m -> visible(access, m)));
  }

  /** Open mentions to or from the actor, newest first. */
  public Future<List<Mention>> open(Actor actor, MentionBox box, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_LIMIT));
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(
                        box == MentionBox.FROM_ME ? MentionSql.OPEN_FROM : MentionSql.OPEN_TO)
                    .execute(Tuple.of(actor.tenantId(), actor.userId(), n)))
        .map(
            rows -> {
              List<Mention> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(map(r));
              }
              return out;
            });
  }

  /** Marks the task done: its target or its sender may. Done twice is done once. */
  public Future<Mention> done(Actor actor, long mentionId) {
    return change(
        actor,
        mentionId,
        (tx, current) -> {
          if (current.toUserId() != actor.userId() && current.fromUserId() != actor.userId()) {
            return Future.failedFuture(new Forbidden("只有被@的人或发起人可以标记完成"));
          }
          if (current.status() == MentionStatus.DONE) {
            return Future.succeededFuture(current);
          }
          if (current.status() == MentionStatus.CANCELLED) {
            return Future.failedFuture(new Conflict("这条@已被撤回"));
          }
          return tx.preparedQuery(MentionSql.DONE)
              .execute(Tuple.of(actor.tenantId(), mentionId))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "done",
                          "mention",
                          mentionId,
                          new JsonObject().put("status", AuditLog.change("open", "done"))))
              .compose(v -> load(tx, actor.tenantId(), mentionId, false));
        });
  }

  /** Calls the task off: its sender may. A collaborator it made stays one. */
  public Future<Mention> cancel(Actor actor, long mentionId) {
    return change(
        actor,
        mentionId,
        (tx, current) -> {
          if (current.fromUserId() != actor.userId()) {
            return Future.failedFuture(new Forbidden("只有发起人可以撤回"));
          }
          if (current.status() == MentionStatus.CANCELLED) {
            return Future.succeededFuture(current);
          }
          if (current.status() == MentionStatus.DONE) {
            return Future.failedFuture(new Conflict("这条@已完成"));
          }
          return tx.preparedQuery(MentionSql.CANCEL)
              .execute(Tuple.of(actor.tenantId(), mentionId))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "cancel",
                          "mention",
                          mentionId,
                          new JsonObject().put("status", AuditLog.change("open", "cancelled"))))
              .compose(v -> load(tx, actor.tenantId(), mentionId, false));
        });
  }

  // ------------------------------------------------------------------------------------------

  private Future<Mention> record(
      SqlClient tx,
      Access access,
      long toUserId,
      Long customerId,
      Long opportunityId,
      String text,
      String messageId) {
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    return tx.preparedQuery(MentionSql.ACTIVE_USER)
        .execute(Tuple.of(tenant, toUserId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        InvalidInput.field("toUserId", "没有这位在职同事（" + toUserId + "）"))
                    : customerOf(tx, tenant, customerId, opportunityId))
        .compose(
            cid ->
                cid == null
                    ? Future.<Long>succeededFuture()
                    : CustomerGuard.editable(tx, access, cid, true)
                        .compose(c -> makeCollaborator(tx, actor, c, toUserId))
                        .map(cid))
        .compose(
            cid ->
                tx.preparedQuery(MentionSql.INSERT)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              tenant, actor.userId(), toUserId, cid, opportunityId, text, messageId
                            }))
                    .map(rows -> rows.iterator().next().getLong(0))
                    .compose(
                        id ->
                            AuditLog.record(
                                    tx,
                                    actor,
                                    "create",
                                    "mention",
                                    id,
                                    new JsonObject()
                                        .put("toUserId", toUserId)
                                        .put("customerId", cid)
                                        .put("opportunityId", opportunityId)
                                        .put("text", text))
                                .compose(v -> load(tx, tenant, id, false))));
  }

  /** The customer the mention is about: named, or the opportunity's; the two must agree. */
  private static Future<Long> customerOf(
      SqlClient tx, long tenant, Long customerId, Long opportunityId) {
    if (opportunityId == null) {
      return Future.succeededFuture(customerId);
    }
    return tx.preparedQuery(MentionSql.OPPORTUNITY)
        .execute(Tuple.of(tenant, opportunityId))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getValue("deleted_at") != null) {
                return Future.failedFuture(
                    InvalidInput.field("opportunityId", "商机不存在（" + opportunityId + "）"));
              }
              long owner = rows.iterator().next().getLong("customer_id");
              if (customerId != null && customerId != owner) {
                return Future.failedFuture(InvalidInput.field("opportunityId", "这个商机不属于所选客户"));
              }
              return Future.succeededFuture(owner);
            });
  }

  /** Someone asked to help with a customer must be able to open it and log follow-ups on it. */
  private static Future<Void> makeCollaborator(
      SqlClient tx, Actor actor, Customer c, long toUserId) {
    Actor target = Actor.user(actor.tenantId(), toUserId, actor.source());
    return AccessResolver.resolve(tx, target)
        .compose(
            targetAccess ->
                CustomerRules.canEdit(targetAccess, c)
                    ? Future.succeededFuture()
                    : tx.preparedQuery(MentionSql.ADD_COLLABORATOR)
                        .execute(Tuple.of(actor.tenantId(), c.id(), toUserId, actor.userId()))
                        .compose(
                            rows ->
                                rows.size() == 0
                                    ? Future.succeededFuture()
                                    : AuditLog.record(
                                        tx,
                                        actor,
                                        "add_collaborator",
                                        "customer",
                                        c.id(),
                                        new JsonObject()
                                            .put("userId", toUserId)
                                            .put("via", "mention"))));
  }

  /** The step of a change: given the locked mention, do the work in the transaction. */
  private interface Change {
    Future<Mention> apply(SqlClient tx, Mention current);
  }

  private Future<Mention> change(Actor actor, long mentionId, Change work) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            load(tx, actor.tenantId(), mentionId, true)
                // one the actor may not see fails as missing before any rule about who may change
                // it
                .compose(current -> work.apply(tx, visible(access, current))));
  }

  private static NotFound missing(long id) {
    return new NotFound("这条@不存在（" + id + "）");
  }

  private static Mention visible(Access access, Mention m) {
    if (m.fromUserId() == access.userId()
        || m.toUserId() == access.userId()
        || access.seesOwner(m.fromUserId())
        || access.seesOwner(m.toUserId())) {
      return m;
    }
    // a mention between people the actor may not see answers like a missing one
    throw missing(m.id());
  }

  /** Only a chat message id is a per-message key. */
  private static String messageId(Actor actor) {
    String ref = actor.source().ref();
    return "chat".equals(actor.source().kind()) && ref != null && !ref.isBlank() ? ref : null;
  }

  private static Future<Mention> byMessage(
      SqlClient db, Actor actor, String messageId, long toUserId) {
    if (messageId == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(MentionSql.BY_MESSAGE)
        .execute(Tuple.of(actor.tenantId(), messageId, toUserId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Mention found = map(rows.iterator().next());
              if (found.fromUserId() != actor.userId()) {
                return Future.failedFuture(
                    new Conflict("message " + messageId + " was sent by another user"));
              }
              return Future.succeededFuture(found);
            });
  }

  private static boolean replayed(Throwable e) {
    return e instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && MentionSql.MESSAGE_KEY.equals(pg.getConstraint());
  }

  private static Future<Mention> load(SqlClient db, long tenantId, long id, boolean forUpdate) {
    return db.preparedQuery(forUpdate ? MentionSql.BY_ID_FOR_UPDATE : MentionSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(id);
              }
              return map(rows.iterator().next());
            });
  }

  private static Mention map(Row r) {
    return new Mention(
        r.getLong("id"),
        r.getLong("from_user_id"),
        r.getString("from_name"),
        r.getLong("to_user_id"),
        r.getString("to_name"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getLong("opportunity_id"),
        r.getString("text"),
        MentionStatus.of(r.getString("status")),
        r.getString("source_message_id"),
        instant(r, "created_at"),
        instant(r, "done_at"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
