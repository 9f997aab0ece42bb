package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Leads (线索): capture with 查重, read and list, work (已联系, 无效, 恢复), convert into a customer, and the
 * 线索池 (claim, release, assign). Every call takes the acting user and applies {@link LeadRules}
 * itself; a lead the actor may not see fails exactly like a missing one.
 */
public final class LeadService {

  private final Pool pool;
  private final Clock clock;

  public LeadService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * A lead captured by a user (chat, mini-app, import): owned by the actor. Unless {@code force}, a
   * live lead or customer with the same normalised company name or a shared phone stops it: nothing
   * is created and the duplicates are listed. The same {@code sourceMessageId} twice answers the
   * first capture's lead, {@code repeated}.
   */
  public Future<LeadCapture> capture(Actor actor, NewLead input, boolean force) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /**
   * A lead arriving without an acting user (web form, API): the assignment rules give it an owner,
   * else it goes to the 线索池. A duplicate of a live lead is not created (that lead is answered,
   * {@code created} false); a duplicate of a customer is created and listed in {@code duplicates},
   * its note saying which customer it matched, so that someone looks at it.
   */
  public Future<LeadCapture> captureUnattended(long tenantId, NewLead input) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** The lead, if the actor may see it. */
  public Future<Lead> get(Actor actor, long leadId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /**
   * Live leads the actor may see whose company matches {@code text}: the exact normalised name
   * first, then names containing it.
   */
  public Future<List<Lead>> findByCompany(Actor actor, String text, int limit) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** One page of the actor's, the team's or the pool's leads, newest first. */
  public Future<LeadPage> list(Actor actor, LeadFilter filter) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** 已联系: a new lead has been contacted. */
  public Future<Lead> markContacted(Actor actor, long leadId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** 无效: the lead is dropped, with an optional reason; {@link #reopen} undoes it. */
  public Future<Lead> invalidate(Actor actor, long leadId, String reason) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** 恢复: an invalid lead goes back to the status it had. */
  public Future<Lead> reopen(Actor actor, long leadId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /**
   * Converts the lead in one transaction: a customer (查重 as creating one: a duplicate refuses with
   * the same {@code Duplicate}), a contact with the lead's contact name and phones, an opportunity
   * when asked; the lead becomes converted, pointing at them.
   */
  public Future<ConvertedLead> convert(Actor actor, long leadId, LeadConversion input) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /**
   * 撤销 of a conversion the actor made at or after {@code since}: what it made is deleted (soft) if
   * nobody changed it since, and the lead is back as it was.
   */
  public Future<Void> undoConvert(Actor actor, long leadId, Instant since) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** Takes a lead from the 线索池. */
  public Future<Lead> claim(Actor actor, long leadId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** Puts the lead back into the 线索池. */
  public Future<Lead> release(Actor actor, long leadId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }

  /** Hands the lead to {@code userId}: managers for the people they manage, admins anyone. */
  public Future<Lead> assign(Actor actor, long leadId, long userId) {
    return Future.failedFuture(new UnsupportedOperationException("not yet"));
  }
}
