package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.contact.Contact;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.KnownCustomers;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.Opportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.report.PipelineCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A lead's conversion into a customer (+ contact, + opportunity) in one transaction, made by the
 * customer, contact and opportunity services' own checks and audit rows; and its 撤销 while nothing
 * it made was touched.
 */
final class LeadConversions {

  /** The latest conversion of the lead, with what it made and their versions then. */
  private static final String LAST_CONVERSION =
      """
      SELECT actor_id, changes, at FROM audit_log
       WHERE tenant_id = $1 AND entity_type = 'lead' AND entity_id = $2 AND action = 'convert'
       ORDER BY at DESC, id DESC LIMIT 1
      """;

  /** The made records as they are now: versions, and whether anything else joined the customer. */
  private static final String MADE_NOW =
      """
      SELECT c.version AS customer_version, c.deleted_at IS NOT NULL AS customer_deleted,
             (SELECT version FROM opportunity WHERE tenant_id = $1 AND id = $3 AND deleted_at IS NULL)
               AS opportunity_version,
             (SELECT version FROM contact WHERE tenant_id = $1 AND id = $4 AND deleted_at IS NULL)
               AS contact_version,
             (SELECT count(*) FROM follow_up f WHERE f.tenant_id = $1 AND f.customer_id = $2) AS follow_ups,
             (SELECT count(*) FROM opportunity o WHERE o.tenant_id = $1 AND o.customer_id = $2
                 AND o.deleted_at IS NULL AND o.id IS DISTINCT FROM $3) AS other_opportunities,
             (SELECT count(*) FROM contact k WHERE k.tenant_id = $1 AND k.customer_id = $2
                 AND k.deleted_at IS NULL AND k.id IS DISTINCT FROM $4) AS other_contacts
        FROM customer c WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE
      """;

  private static final String DELETE_CUSTOMER =
      "UPDATE customer SET deleted_at = now(), deleted_by = $3, version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";
  private static final String DELETE_OPPORTUNITY =
      "UPDATE opportunity SET deleted_at = now(), version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";
  private static final String DELETE_CONTACT =
      "UPDATE contact SET deleted_at = now(), version = version + 1, updated_at = now()"
          + " WHERE tenant_id = $1 AND id = $2";

  private final LeadTransaction transaction;
  private final CustomerService customers;
  private final ContactService contacts;
  private final OpportunityService opportunities;

  LeadConversions(
      LeadTransaction transaction,
      CustomerService customers,
      ContactService contacts,
      OpportunityService opportunities) {
    this.transaction = transaction;
    this.customers = customers;
    this.contacts = contacts;
    this.opportunities = opportunities;
  }

  Future<ConvertedLead> convert(Actor actor, long leadId, LeadConversion input) {
    LeadConversion how = input == null ? LeadConversion.customerOnly() : input;
    String opportunityName;
    try {
      opportunityName = LeadFields.text("opportunityName", how.opportunityName(), 100);
      if (how.amount() != null && how.amount().signum() < 0) {
        throw InvalidInput.field("amount", "金额不能为负");
      }
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    return transaction
        .working(
            actor,
            leadId,
            (tx, access, lead) -> {
              LeadService.requireLive(lead);
              if (lead.inPool() && actor.isSystem()) {
                return Future.failedFuture(new InvalidInput("线索池中的线索请先分配给负责人再转化"));
              }
              long owner = lead.inPool() ? actor.userId() : lead.ownerId();
              return make(tx, access, lead, owner, how, opportunityName);
            })
        .onSuccess(
            done -> {
              customers.namesChanged(actor.tenantId());
              if (done.opportunity() != null) {
                opportunities.funnelChanged(actor.tenantId());
              }
            })
        .recover(
            e ->
                e instanceof PgException pg && "23505".equals(pg.getSqlState())
                    ? Future.failedFuture(new Duplicate("同名或同电话的客户已存在，请刷新后重试"))
                    : Future.failedFuture(e));
  }

  private Future<ConvertedLead> make(
      SqlClient tx, Access access, Lead lead, long owner, LeadConversion how, String oppName) {
    boolean withContact = lead.contactName() != null;
    NewCustomer customer =
        new NewCustomer(
            lead.company(),
            null,
            List.of(),
            lead.industry(),
            lead.region(),
            "线索",
            null,
            withContact ? List.of() : lead.phones(),
            null,
            List.of(),
            owner);
    return customers
        .createIn(tx, access, customer)
        .compose(
            c -> {
              Future<Contact> contact =
                  withContact
                      ? contacts.addIn(
                          tx,
                          access,
                          c.id(),
                          new NewContact(lead.contactName(), null, lead.phones(), null, null),
                          true)
                      : Future.succeededFuture(null);
              return contact.compose(
                  k -> {
                    Future<Opportunity> opportunity =
                        how.withOpportunity()
                            ? opportunities.createIn(
                                tx,
                                access,
                                new NewOpportunity(
                                    c.id(),
                                    oppName == null ? lead.company() + "项目" : oppName,
                                    how.amount() == null ? BigDecimal.ZERO : how.amount(),
                                    null,
                                    null,
                                    null,
                                    owner))
                            : Future.succeededFuture(null);
                    return opportunity.compose(o -> converted(tx, access.actor(), lead, c, k, o));
                  });
            });
  }

  private static Future<ConvertedLead> converted(
      SqlClient tx, Actor actor, Lead lead, Customer c, Contact k, Opportunity o) {
    Long contactId = k == null ? null : k.id();
    Long opportunityId = o == null ? null : o.id();
    JsonObject made =
        new JsonObject()
            .put("customerId", c.id())
            .put("customerVersion", c.version())
            .put("contactId", contactId)
            .put("contactVersion", k == null ? null : k.version())
            .put("opportunityId", opportunityId)
            .put("opportunityVersion", o == null ? null : o.version())
            .put("status", AuditLog.change(lead.status().code(), LeadStatus.CONVERTED.code()));
    return tx.preparedQuery(LeadSql.CONVERTED)
        .execute(Tuple.of(actor.tenantId(), lead.id(), c.id(), contactId, opportunityId))
        .compose(v -> AuditLog.record(tx, actor, "convert", "lead", lead.id(), made))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    "convert_lead",
                    "customer",
                    c.id(),
                    new JsonObject()
                        .put("leadId", lead.id())
                        .put("company", lead.company())
                        .put("leadSource", lead.source().code())
                        .put("note", lead.note())))
        .compose(v -> LeadService.load(tx, actor.tenantId(), lead.id()))
        .map(converted -> new ConvertedLead(converted, c, contactId, o));
  }

  Future<Void> undo(Actor actor, long leadId, Instant since) {
    long tenant = actor.tenantId();
    boolean[] hadOpportunity = {false};
    return transaction
        .working(
            actor,
            leadId,
            (tx, access, lead) -> {
              if (lead.status() != LeadStatus.CONVERTED) {
                return Future.failedFuture(new Conflict("线索「" + lead.company() + "」未转化，无需撤销"));
              }
              return tx.preparedQuery(LAST_CONVERSION)
                  .execute(Tuple.of(tenant, leadId))
                  .compose(
                      rows -> {
                        Row r = rows.size() == 0 ? null : rows.iterator().next();
                        Long by = r == null ? null : r.getLong("actor_id");
                        OffsetDateTime at = r == null ? null : r.getOffsetDateTime("at");
                        if (by == null
                            || by != actor.userId()
                            || at.isBefore(since.atOffset(ZoneOffset.UTC))) {
                          return Future.failedFuture(new Conflict("只能撤销自己刚才的转化，已超过撤销时间"));
                        }
                        JsonObject made = (JsonObject) r.getValue("changes");
                        hadOpportunity[0] = made.getLong("opportunityId") != null;
                        return unmake(tx, actor, lead, made);
                      });
            })
        .onSuccess(
            v -> {
              customers.namesChanged(tenant);
              if (hadOpportunity[0]) {
                opportunities.funnelChanged(tenant);
              }
            });
  }

  private static Future<Void> unmake(SqlClient tx, Actor actor, Lead lead, JsonObject made) {
    long tenant = actor.tenantId();
    long customerId = made.getLong("customerId");
    Long contactId = made.getLong("contactId");
    Long opportunityId = made.getLong("opportunityId");
    return tx.preparedQuery(MADE_NOW)
        .execute(Tuple.of(tenant, customerId, opportunityId, contactId))
        .compose(
            rows -> {
              Row now = rows.iterator().next();
              boolean untouched =
                  !now.getBoolean("customer_deleted")
                      && now.getInteger("customer_version")
                          .equals(made.getInteger("customerVersion"))
                      && same(now.getInteger("opportunity_version"), made, "opportunityVersion")
                      && same(now.getInteger("contact_version"), made, "contactVersion")
                      && now.getLong("follow_ups") == 0
                      && now.getLong("other_opportunities") == 0
                      && now.getLong("other_contacts") == 0;
              if (!untouched) {
                return Future.failedFuture(
                    new Conflict("客户「" + lead.company() + "」转化后已有改动或跟进，不能撤销"));
              }
              JsonObject why =
                  new JsonObject().put("undo", "convert_lead").put("leadId", lead.id());
              Future<Void> steps = Future.succeededFuture();
              if (opportunityId != null) {
                steps =
                    steps
                        .compose(
                            v ->
                                tx.preparedQuery(DELETE_OPPORTUNITY)
                                    .execute(Tuple.of(tenant, opportunityId)))
                        .compose(
                            v ->
                                AuditLog.record(
                                    tx, actor, "delete", "opportunity", opportunityId, why))
                        .compose(v -> PipelineCache.announce(tx, tenant));
              }
              if (contactId != null) {
                steps =
                    steps
                        .compose(
                            v ->
                                tx.preparedQuery(DELETE_CONTACT)
                                    .execute(Tuple.of(tenant, contactId)))
                        .compose(
                            v -> AuditLog.record(tx, actor, "delete", "contact", contactId, why));
              }
              return steps
                  .compose(
                      v ->
                          tx.preparedQuery(DELETE_CUSTOMER)
                              .execute(Tuple.of(tenant, customerId, actor.auditUserId())))
                  .compose(v -> AuditLog.record(tx, actor, "delete", "customer", customerId, why))
                  .compose(v -> KnownCustomers.announce(tx, tenant))
                  .compose(
                      v ->
                          tx.preparedQuery(LeadSql.UNCONVERTED)
                              .execute(Tuple.of(tenant, lead.id())))
                  .compose(
                      v ->
                          AuditLog.record(
                              tx,
                              actor,
                              "undo_convert",
                              "lead",
                              lead.id(),
                              made.copy().put("status", AuditLog.change("converted", null))));
            });
  }

  private static boolean same(Integer now, JsonObject made, String key) {
    Integer then = made.getInteger(key);
    return then == null ? now == null : then.equals(now);
  }
}
