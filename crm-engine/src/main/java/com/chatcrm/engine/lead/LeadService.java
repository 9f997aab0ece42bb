package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.org.ActiveColleague;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Leads (线索): capture with 查重, read and list, work (已联系, 无效, 恢复), convert into a customer, and the
 * 线索池 (claim, release, assign). Every call takes the acting user and applies {@link LeadRules}
 * itself; a lead the actor may not see fails exactly like a missing one.
 */
public final class LeadService {

  static final int MAX_FIND = 20;

  private final Pool pool;
  private final Notifier notifier;
  private final LeadTransaction transaction;
  private final LeadConversions conversions;

  /** With services of its own for the customer, contact and opportunity a conversion makes. */
  public LeadService(Pool pool) {
    this(pool, new CustomerService(pool), new ContactService(pool), new OpportunityService(pool));
  }

  public LeadService(
      Pool pool,
      CustomerService customers,
      ContactService contacts,
      OpportunityService opportunities) {
    this(pool, customers, contacts, opportunities, null);
  }

  /**
   * @param notifier tells a rep when a lead becomes theirs without them taking it (a web form's
   *     lead through the assignment rules, a manager's 分配); null tells no one
   */
  public LeadService(
      Pool pool,
      CustomerService customers,
      ContactService contacts,
      OpportunityService opportunities,
      Notifier notifier) {
    this.pool = pool;
    this.transaction = new LeadTransaction(pool);
    this.conversions = new LeadConversions(transaction, customers, contacts, opportunities);
    this.notifier = notifier;
  }

  /**
   * A lead captured by a user (chat, mini-app, import): owned by the actor. Unless {@code force}, a
   * live lead or customer with the same normalised company name or a shared phone stops it: nothing
   * is created and the duplicates are listed. The same {@code sourceMessageId} twice answers the
   * first capture's lead, {@code repeated}.
   */
  public Future<LeadCapture> capture(Actor actor, NewLead input, boolean force) {
    LeadFields f;
    try {
      f = LeadFields.of(input);
      if (actor.isSystem()) {
        throw new InvalidInput("a capture without a user goes through captureUnattended");
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                repeated(tx, actor.tenantId(), f)
                    .compose(
                        seen -> {
                          if (seen != null) {
                            return Future.succeededFuture(seen);
                          }
                          return LeadDuplicates.find(tx, access, f)
                              .compose(
                                  dups -> {
                                    if (!force && !dups.isEmpty()) {
                                      return Future.succeededFuture(
                                          new LeadCapture(null, dups, false, false));
                                    }
                                    return insert(tx, actor, f, actor.userId(), null)
                                        .map(lead -> new LeadCapture(lead, dups, true, false));
                                  });
                        }))
        .recover(e -> sameMessageRace(e, actor.tenantId(), f));
  }

  /**
   * A lead arriving without an acting user (web form, API): the assignment rules give it an owner,
   * else it goes to the 线索池. A duplicate of a live lead is not created: that lead is answered,
   * {@code created} false. A duplicate of a customer is created all the same, listed in {@code
   * duplicates}, its note naming the customer, so that whoever works it looks first.
   */
  public Future<LeadCapture> captureUnattended(long tenantId, NewLead input) {
    LeadFields f;
    try {
      f = LeadFields.of(input);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    Actor actor = new Actor(tenantId, 0, new Source(f.source().code(), f.sourceMessageId()));
    Access access = new Access(actor, true, Set.of());
    return Transactions.run(
            pool,
            tx ->
                repeated(tx, tenantId, f)
                    .compose(
                        seen -> {
                          if (seen != null) {
                            return Future.succeededFuture(seen);
                          }
                          return LeadDuplicates.find(tx, access, f)
                              .compose(dups -> unattended(tx, actor, f, dups));
                        }))
        .recover(e -> sameMessageRace(e, tenantId, f))
        .compose(
            c ->
                c.created()
                    ? LeadNotices.tell(notifier, tenantId, c.lead(), c)
                    : Future.succeededFuture(c));
  }

  private static Future<LeadCapture> unattended(
      SqlClient tx, Actor actor, LeadFields f, List<LeadDuplicate> dups) {
    for (LeadDuplicate d : dups) {
      if ("lead".equals(d.kind())) {
        return load(tx, actor.tenantId(), d.id())
            .map(lead -> new LeadCapture(lead, dups, false, false));
      }
    }
    LeadFields noted = f;
    if (!dups.isEmpty()) {
      // the note is read by whoever the lead reaches (the 线索池: everyone): the customer is named
      // as to someone who may not see it
      String flag = "查重：与已有客户「" + CompanyNames.mask(dups.get(0).name()) + "」重复（名称或电话相同）";
      noted = f.withNote(f.note() == null ? flag : f.note() + "\n" + flag);
    }
    LeadFields fields = noted;
    return LeadAssignment.pick(tx, actor.tenantId(), f.region(), f.industry())
        .compose(pick -> insert(tx, actor, fields, pick.ownerId(), pick.ruleId()))
        .map(lead -> new LeadCapture(lead, dups, true, false));
  }

  /** The lead of the same message, answered again when it is seen twice; else null. */
  private static Future<LeadCapture> repeated(SqlClient db, long tenantId, LeadFields f) {
    if (f.sourceMessageId() == null) {
      return Future.succeededFuture(null);
    }
    return db.preparedQuery(LeadSql.BY_MESSAGE)
        .execute(Tuple.of(tenantId, f.sourceMessageId()))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new LeadCapture(
                        LeadRows.map(rows.iterator().next()), List.of(), false, true));
  }

  /** Two deliveries of one message at once: the one that lost the unique index answers repeated. */
  private Future<LeadCapture> sameMessageRace(Throwable e, long tenantId, LeadFields f) {
    if (e instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && f.sourceMessageId() != null) {
      return repeated(pool, tenantId, f)
          .compose(seen -> seen == null ? Future.failedFuture(e) : Future.succeededFuture(seen));
    }
    return Future.failedFuture(e);
  }

  private static Future<Lead> insert(
      SqlClient tx, Actor actor, LeadFields f, Long ownerId, Long ruleId) {
    long tenant = actor.tenantId();
    return tx.preparedQuery(LeadSql.INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  tenant,
                  f.company(),
                  f.companyNorm(),
                  f.contactName(),
                  f.phones().toArray(String[]::new),
                  f.source().code(),
                  ownerId,
                  f.region(),
                  f.industry(),
                  f.note(),
                  f.sourceMessageId(),
                  actor.auditUserId()
                }))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(
            id ->
                AuditLog.record(
                        tx,
                        actor,
                        "create",
                        "lead",
                        id,
                        f.toJson().put("ownerId", ownerId).put("ruleId", ruleId))
                    .compose(v -> load(tx, tenant, id)));
  }

  /** The lead, if the actor may see it. */
  public Future<Lead> get(Actor actor, long leadId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                load(pool, actor.tenantId(), leadId)
                    .map(
                        lead -> {
                          if (!LeadRules.canRead(access, lead)) {
                            throw missing(leadId);
                          }
                          return lead;
                        }));
  }

  /**
   * Live leads the actor may see whose company matches {@code text}: the exact normalised name
   * first, then names containing it.
   */
  public Future<List<Lead>> findByCompany(Actor actor, String text, int limit) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String norm = CompanyNames.normalize(t);
    int n = Math.max(1, Math.min(limit, MAX_FIND));
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(LeadSql.BY_COMPANY)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              norm,
                              access.seesEverything(),
                              access.visibleOwnerArray(),
                              contains(t),
                              contains(norm.isEmpty() ? t : norm),
                              n
                            })))
        .map(LeadService::leads);
  }

  /** One page of the actor's, the team's or the pool's leads, newest first. */
  public Future<LeadPage> list(Actor actor, LeadFilter filter) {
    LeadFilter f = filter == null ? LeadFilter.of(LeadFilter.Scope.MINE) : filter;
    String[] statuses =
        f.status() == null
            ? new String[] {LeadStatus.NEW.code(), LeadStatus.CONTACTED.code()}
            : new String[] {f.status().code()};
    String text = f.text() == null || f.text().isBlank() ? null : contains(f.text().strip());
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(LeadSql.PAGE)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              f.scope().code(),
                              actor.userId(),
                              access.seesEverything(),
                              access.visibleOwnerArray(),
                              statuses,
                              text,
                              f.cursor(),
                              f.limit() + 1
                            })))
        .map(
            rows -> {
              List<Lead> all = leads(rows);
              if (all.size() <= f.limit()) {
                return new LeadPage(all, null);
              }
              List<Lead> page = all.subList(0, f.limit());
              return new LeadPage(List.copyOf(page), page.get(page.size() - 1).id());
            });
  }

  /** 已联系: a new lead has been contacted (a contacted one stays as it is). */
  public Future<Lead> markContacted(Actor actor, long leadId) {
    return transaction.working(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (lead.status() == LeadStatus.CONTACTED) {
            return Future.succeededFuture(lead);
          }
          requireLive(lead);
          return setStatus(tx, actor, lead, LeadStatus.CONTACTED, null, null, "mark_contacted");
        });
  }

  /** 无效: the lead is dropped, with an optional reason; {@link #reopen} undoes it. */
  public Future<Lead> invalidate(Actor actor, long leadId, String reason) {
    String why;
    try {
      why = LeadFields.text("reason", reason, 200);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return transaction.working(
        actor,
        leadId,
        (tx, access, lead) -> {
          requireLive(lead);
          return setStatus(tx, actor, lead, LeadStatus.INVALID, lead.status(), why, "invalidate");
        });
  }

  /**
   * 撤销 of a capture: the lead goes away (soft), if it was recorded after {@code since} and nothing
   * was done with it since (未处理, never changed).
   */
  public Future<Void> withdraw(Actor actor, long leadId, Instant since) {
    return transaction.working(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (lead.status() != LeadStatus.NEW
              || lead.version() != 1
              || (since != null && lead.createdAt().isBefore(since))) {
            return Future.failedFuture(new Conflict("线索「" + lead.company() + "」已有改动或已超过撤销时限，不能撤销"));
          }
          return tx.preparedQuery(LeadSql.DELETE)
              .execute(Tuple.of(actor.tenantId(), leadId))
              .compose(
                  v ->
                      AuditLog.record(
                          tx, actor, "delete", "lead", leadId, new JsonObject().put("undo", true)))
              .mapEmpty();
        });
  }

  /** 恢复: an invalid lead goes back to the status it had. */
  public Future<Lead> reopen(Actor actor, long leadId) {
    return transaction.working(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (lead.status() != LeadStatus.INVALID) {
            return Future.failedFuture(new Conflict("线索「" + lead.company() + "」不是无效线索，无需恢复"));
          }
          return tx.preparedQuery("SELECT former_status FROM lead WHERE tenant_id = $1 AND id = $2")
              .execute(Tuple.of(actor.tenantId(), leadId))
              .compose(
                  rows -> {
                    String former = rows.iterator().next().getString(0);
                    LeadStatus back = former == null ? LeadStatus.NEW : LeadStatus.of(former);
                    return setStatus(tx, actor, lead, back, null, null, "reopen");
                  });
        });
  }

  /**
   * Converts the lead in one transaction: a customer (查重 as creating one: a duplicate refuses with
   * the same {@code Duplicate}), a contact with the lead's contact name and phones, an opportunity
   * when asked; the lead becomes converted, pointing at them. The customer's 操作记录 says 由线索转化.
   */
  public Future<ConvertedLead> convert(Actor actor, long leadId, LeadConversion input) {
    return conversions.convert(actor, leadId, input);
  }

  /**
   * 撤销 of a conversion the actor made at or after {@code since}: what it made is deleted (soft) if
   * nobody changed it since, and the lead is back as it was.
   */
  public Future<Void> undoConvert(Actor actor, long leadId, Instant since) {
    return conversions.undo(actor, leadId, since);
  }

  /** Takes a lead from the 线索池. */
  public Future<Lead> claim(Actor actor, long leadId) {
    return transaction.visible(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (!lead.inPool()) {
            if (lead.ownerId() == actor.userId()) {
              return Future.succeededFuture(lead);
            }
            return Future.failedFuture(
                new Forbidden("线索「" + lead.company() + "」已由" + lead.ownerName() + "负责，不在线索池中"));
          }
          if (!LeadRules.canClaim(access, lead)) {
            return Future.failedFuture(new Forbidden("系统不能领取线索"));
          }
          requireLive(lead);
          return setOwner(tx, actor, lead, actor.userId(), "claim");
        });
  }

  /** Puts the lead back into the 线索池. */
  public Future<Lead> release(Actor actor, long leadId) {
    return transaction.working(
        actor,
        leadId,
        (tx, access, lead) -> {
          if (lead.inPool()) {
            return Future.succeededFuture(lead);
          }
          requireLive(lead);
          return setOwner(tx, actor, lead, null, "release");
        });
  }

  /** Hands the lead to {@code userId}: managers for the people they manage, admins anyone. */
  public Future<Lead> assign(Actor actor, long leadId, long userId) {
    return transaction
        .visible(
            actor,
            leadId,
            (tx, access, lead) -> {
              if (!LeadRules.canAssign(access, lead, userId)) {
                return Future.failedFuture(new Forbidden("只能把线索分配给自己管理的同事"));
              }
              requireLive(lead);
              if (lead.ownerId() != null && lead.ownerId() == userId) {
                return Future.succeededFuture(lead);
              }
              return ActiveColleague.require(tx, actor.tenantId(), userId, "userId")
                  .compose(v -> setOwner(tx, actor, lead, userId, "assign"));
            })
        .compose(
            l ->
                actor.isSystem() || l.ownerId() == null || l.ownerId() == actor.userId()
                    ? Future.succeededFuture(l)
                    : LeadNotices.tell(notifier, actor.tenantId(), l, l));
  }

  private static Future<Lead> setStatus(
      SqlClient tx,
      Actor actor,
      Lead lead,
      LeadStatus to,
      LeadStatus former,
      String reason,
      String action) {
    return tx.preparedQuery(LeadSql.SET_STATUS)
        .execute(
            Tuple.of(
                actor.tenantId(),
                lead.id(),
                to.code(),
                former == null ? null : former.code(),
                reason))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    action,
                    "lead",
                    lead.id(),
                    new JsonObject()
                        .put("status", AuditLog.change(lead.status().code(), to.code()))
                        .put("reason", reason)))
        .compose(v -> load(tx, actor.tenantId(), lead.id()));
  }

  static Future<Lead> setOwner(SqlClient tx, Actor actor, Lead lead, Long to, String action) {
    return tx.preparedQuery(LeadSql.SET_OWNER)
        .execute(Tuple.of(actor.tenantId(), lead.id(), to))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    action,
                    "lead",
                    lead.id(),
                    new JsonObject().put("ownerId", AuditLog.change(lead.ownerId(), to))))
        .compose(v -> load(tx, actor.tenantId(), lead.id()));
  }

  static void requireLive(Lead lead) {
    if (!lead.status().live()) {
      throw new Conflict(
          "线索「" + lead.company() + "」" + lead.status().label() + "，不能再操作",
          new JsonObject().put("status", lead.status().code()));
    }
  }

  /** A lead, without permission checks; {@link NotFound} when there is none. */
  static Future<Lead> load(SqlClient db, long tenantId, long leadId) {
    return db.preparedQuery(LeadSql.BY_ID)
        .execute(Tuple.of(tenantId, leadId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(leadId);
              }
              return LeadRows.map(rows.iterator().next());
            });
  }

  /** The refusal for a lead that does not exist or that the actor may not see: one and the same. */
  static NotFound missing(long leadId) {
    return new NotFound("线索不存在", new JsonObject().put("entity", "lead").put("id", leadId));
  }

  private static List<Lead> leads(Iterable<Row> rows) {
    List<Lead> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(LeadRows.map(r));
    }
    return out;
  }

  /** A LIKE pattern for "contains", its wildcards escaped. */
  private static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
