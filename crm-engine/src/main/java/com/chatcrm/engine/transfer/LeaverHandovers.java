package com.chatcrm.engine.transfer;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 离职交接: a member the directory sync found gone still owns customers, open opportunities or
 * reminders. Their nearest managers (else the company's admins) are told once, on a card with a
 * button per team colleague; a tap hands everything to that colleague in one transaction, once, and
 * the successor gets one summary card.
 */
public final class LeaverHandovers {

  private static final Logger LOG = LoggerFactory.getLogger(LeaverHandovers.class);

  /** How many team colleagues the manager's card offers as successors. */
  static final int CANDIDATES = 4;

  /**
   * What a member who left still holds.
   *
   * @param round how many hand-overs of theirs were done before (a member who came back and left
   *     again): part of the cards' dedupe keys, so a new departure gets new cards
   */
  public record Holdings(String name, int customers, int opportunities, int reminders, long round) {
    boolean any() {
      return customers + opportunities + reminders > 0;
    }
  }

  /**
   * What a hand-over did, or had done before.
   *
   * @param already true when it had been done before (by this tap's sender or someone else): the
   *     counts and time are that hand-over's
   * @param handedAt in the tenant's zone
   */
  public record Handover(
      long leaverId,
      String leaverName,
      long successorId,
      String successorName,
      int customers,
      int opportunities,
      int reminders,
      ZonedDateTime handedAt,
      boolean already) {}

  /** A user id with a name. */
  record Person(long id, String name) {}

  private final Pool pool;
  private final PipelineCache pipelines;
  private final Notifier notifier;

  /**
   * @param notifier how managers and successors hear of it; null tells nobody
   */
  public LeaverHandovers(Pool pool, PipelineCache pipelines, Notifier notifier) {
    this.pool = pool;
    this.pipelines = pipelines;
    this.notifier = notifier;
  }

  /**
   * A member has just been deactivated: when they hold anything and it was not handed over yet,
   * their nearest managers (else the admins) each get one card to pick a successor. Pushing twice
   * is harmless (the card's dedupe key is per leaver and manager). Answers how many were told.
   */
  public Future<Integer> announce(long tenantId, long leaverId) {
    if (notifier == null) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(HandoverSql.HOLDINGS)
        .execute(Tuple.of(tenantId, leaverId))
        .compose(
            rows -> {
              Row r = rows.size() == 0 ? null : rows.iterator().next();
              if (r == null || r.getBoolean("active")) {
                return Future.succeededFuture(0);
              }
              Holdings h =
                  new Holdings(
                      r.getString("name"),
                      r.getLong("customers").intValue(),
                      r.getLong("opportunities").intValue(),
                      r.getLong("reminders").intValue(),
                      r.getLong("rounds"));
              if (!h.any()) {
                return Future.succeededFuture(0);
              }
              // handed over before, yet holding something again: they came back and left anew
              Future<Void> fresh =
                  r.getBoolean("handed")
                      ? pool.preparedQuery(HandoverSql.FORGET)
                          .execute(Tuple.of(tenantId, leaverId))
                          .mapEmpty()
                      : Future.succeededFuture();
              return fresh
                  .compose(v -> managers(tenantId, leaverId))
                  .compose(
                      managers ->
                          people(HandoverSql.TEAM, Tuple.of(tenantId, leaverId, CANDIDATES))
                              .compose(team -> tell(tenantId, leaverId, h, managers, team)));
            });
  }

  /** Every leaver of a sync in turn; one that cannot be announced is logged, not retried. */
  public Future<Integer> announce(long tenantId, List<Long> leaverIds) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (long leaver : leaverIds) {
      chain =
          chain.compose(
              sum ->
                  announce(tenantId, leaver)
                      .map(n -> sum + n)
                      .otherwise(
                          e -> {
                            LOG.warn(
                                "Hand-over of leaver {} (tenant {}) not announced: {}",
                                leaver,
                                tenantId,
                                e.getMessage());
                            return sum;
                          }));
    }
    return chain;
  }

  private Future<List<Person>> managers(long tenantId, long leaverId) {
    return people(HandoverSql.NEAREST_MANAGERS, Tuple.of(tenantId, leaverId))
        .compose(
            nearest ->
                nearest.isEmpty()
                    ? people(HandoverSql.ADMINS, Tuple.of(tenantId, leaverId))
                    : Future.succeededFuture(nearest));
  }

  private Future<Integer> tell(
      long tenantId, long leaverId, Holdings h, List<Person> managers, List<Person> team) {
    if (managers.isEmpty()) {
      LOG.warn(
          "Leaver {} of tenant {} holds {} customers but has no manager or admin to hand over",
          leaverId,
          tenantId,
          h.customers());
      return Future.succeededFuture(0);
    }
    List<Future<Void>> pushes = new ArrayList<>();
    for (Person manager : managers) {
      // nobody in the team: the manager may take it on themselves
      List<Person> offered = team.isEmpty() ? List.of(manager) : team;
      pushes.add(
          notifier.push(
              tenantId, manager.id(), HandoverCards.toManager(leaverId, manager.id(), h, offered)));
    }
    return Future.all(pushes).map(managers.size());
  }

  /**
   * Hands everything {@code leaverId} holds — customers, open opportunities, reminders not done —
   * to {@code successorId}, in one transaction, audited row by row. Only the leaver's manager (who
   * sees their records) or an admin may; the successor must be an active colleague the actor sees.
   * Done before (by anyone), it changes nothing and answers that hand-over ({@code already}).
   */
  public Future<Handover> handOver(Actor actor, long leaverId, long successorId) {
    Future<Handover> done =
        AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                tx.preparedQuery(HandoverSql.HOLDINGS)
                    .execute(Tuple.of(actor.tenantId(), leaverId))
                    .compose(
                        rows -> {
                          Row r = rows.size() == 0 ? null : rows.iterator().next();
                          boolean allowed =
                              access.seesEverything()
                                  || access.seesOwner(leaverId) && actor.userId() != leaverId;
                          if (r == null || !allowed) {
                            // a stranger learns nothing of whom the key names
                            return Future.failedFuture(new Forbidden("只有离职同事的主管或管理员可以交接"));
                          }
                          String leaverName = r.getString("name");
                          return zone(tx, actor.tenantId())
                              .compose(
                                  zone ->
                                      r.getBoolean("handed")
                                          ? previous(
                                              tx, actor.tenantId(), leaverId, leaverName, zone)
                                          : r.getBoolean("active")
                                              ? Future.failedFuture(
                                                  new Conflict(leaverName + " 仍在职，不需要离职交接"))
                                              : successor(tx, actor, access, leaverId, successorId)
                                                  .compose(
                                                      name ->
                                                          move(
                                                              tx,
                                                              actor,
                                                              leaverId,
                                                              leaverName,
                                                              new Person(successorId, name),
                                                              zone)));
                        }));
    return done.compose(
        h -> {
          if (h.already()) {
            return Future.succeededFuture(h);
          }
          pipelines.changed(actor.tenantId());
          return tellSuccessor(actor.tenantId(), h).map(h);
        });
  }

  private Future<String> successor(
      SqlClient tx,
      Actor actor,
      com.chatcrm.engine.access.Access access,
      long leaverId,
      long successorId) {
    if (successorId == leaverId) {
      return Future.failedFuture(InvalidInput.field("successorId", "不能交接给离职的本人"));
    }
    if (!access.seesOwner(successorId)) {
      return Future.failedFuture(InvalidInput.field("successorId", "只能交接给你团队里的在职同事"));
    }
    return ActiveColleague.require(tx, actor.tenantId(), successorId, "successorId")
        .compose(v -> name(tx, actor.tenantId(), successorId));
  }

  private Future<Handover> move(
      SqlClient tx, Actor actor, long leaverId, String leaverName, Person to, ZoneId zone) {
    Tuple claim = Tuple.of(actor.tenantId(), leaverId, to.id(), actor.auditUserId());
    return tx.preparedQuery(HandoverSql.CLAIM)
        .execute(claim)
        .compose(
            claimed -> {
              if (claimed.size() == 0) {
                // another tap committed it while this one waited on the row
                return previous(tx, actor.tenantId(), leaverId, leaverName, zone);
              }
              ZonedDateTime at =
                  claimed.iterator().next().getOffsetDateTime("handed_at").atZoneSameInstant(zone);
              Tuple moves =
                  Tuple.from(
                      new Object[] {
                        actor.tenantId(),
                        leaverId,
                        to.id(),
                        actor.auditUserId(),
                        actor.source().kind(),
                        actor.source().ref()
                      });
              List<Integer> counts = new ArrayList<>();
              return count(tx, HandoverSql.MOVE_CUSTOMERS, moves, counts)
                  .compose(v -> count(tx, HandoverSql.MOVE_OPPORTUNITIES, moves, counts))
                  .compose(v -> count(tx, HandoverSql.MOVE_REMINDERS, moves, counts))
                  .compose(
                      v ->
                          tx.preparedQuery(HandoverSql.COUNTS)
                              .execute(
                                  Tuple.of(
                                      actor.tenantId(),
                                      leaverId,
                                      counts.get(0),
                                      counts.get(1),
                                      counts.get(2))))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "handover",
                              "user",
                              leaverId,
                              new JsonObject()
                                  .put("successorId", to.id())
                                  .put("customers", counts.get(0))
                                  .put("opportunities", counts.get(1))
                                  .put("reminders", counts.get(2))))
                  .compose(v -> PipelineCache.announce(tx, actor.tenantId()))
                  .map(
                      v ->
                          new Handover(
                              leaverId,
                              leaverName,
                              to.id(),
                              to.name(),
                              counts.get(0),
                              counts.get(1),
                              counts.get(2),
                              at,
                              false));
            });
  }

  private static Future<Void> count(SqlClient tx, String sql, Tuple args, List<Integer> into) {
    return tx.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              into.add(rows.iterator().next().getLong(0).intValue());
              return null;
            });
  }

  private static Future<Handover> previous(
      SqlClient tx, long tenantId, long leaverId, String leaverName, ZoneId zone) {
    return tx.preparedQuery(HandoverSql.DONE)
        .execute(Tuple.of(tenantId, leaverId))
        .map(
            rows -> {
              Row h = rows.iterator().next();
              return new Handover(
                  leaverId,
                  leaverName,
                  h.getLong("successor_id"),
                  h.getString("successor_name"),
                  h.getInteger("customers"),
                  h.getInteger("opportunities"),
                  h.getInteger("reminders"),
                  h.getOffsetDateTime("handed_at").atZoneSameInstant(zone),
                  true);
            });
  }

  // the hand-over is done and stays done: a summary that cannot be queued is logged
  private Future<Void> tellSuccessor(long tenantId, Handover h) {
    if (notifier == null) {
      return Future.succeededFuture();
    }
    return notifier
        .push(tenantId, h.successorId(), HandoverCards.toSuccessor(h))
        .recover(
            e -> {
              LOG.warn(
                  "Hand-over of leaver {} (tenant {}) not announced to user {}: {}",
                  h.leaverId(),
                  tenantId,
                  h.successorId(),
                  e.getMessage());
              return Future.succeededFuture();
            });
  }

  private static Future<ZoneId> zone(SqlClient tx, long tenantId) {
    return tx.preparedQuery(HandoverSql.TIME_ZONE)
        .execute(Tuple.of(tenantId))
        .map(rows -> ZoneId.of(rows.iterator().next().getString(0)));
  }

  private static Future<String> name(SqlClient tx, long tenantId, long userId) {
    return tx.preparedQuery(HandoverSql.USER_NAME)
        .execute(Tuple.of(tenantId, userId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no user " + userId);
              }
              return rows.iterator().next().getString(0);
            });
  }

  private Future<List<Person>> people(String sql, Tuple args) {
    return pool.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              List<Person> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(new Person(r.getLong("id"), r.getString("name")));
              }
              return out;
            });
  }
}
