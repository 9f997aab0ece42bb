package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CompanyNames;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Many leads at once (导入线索): the same validation and 查重 keys as {@link LeadService#capture}, looked
 * up and written a batch at a time inside the caller's transaction. A lead without an owner goes
 * through the assignment rules, as an unattended capture does, else to the 线索池.
 */
public final class LeadBatch {

  /** A lead checked as capturing it would, with its 查重 keys and the owner it was given. */
  public static final class Checked {
    private final LeadFields fields;
    private final List<String> phoneNorms;
    private final Long ownerId;

    private Checked(LeadFields fields, List<String> phoneNorms, Long ownerId) {
      this.fields = fields;
      this.phoneNorms = phoneNorms;
      this.ownerId = ownerId;
    }

    public String companyNorm() {
      return fields.companyNorm();
    }

    public List<String> phoneNorms() {
      return phoneNorms;
    }
  }

  /**
   * A live lead or customer sharing a key with a row.
   *
   * @param kind {@code lead} or {@code customer}
   * @param shownName masked when the actor may not see it
   * @param ownerName null when not shown (hidden, or no owner: see {@code inPool})
   */
  public record Existing(
      String kind,
      String companyNorm,
      List<String> phoneNorms,
      String shownName,
      String ownerName,
      boolean inPool) {}

  /** Live leads (new or contacted) with a company key among $2 or a phone among $3. */
  private static final String LEADS =
      "SELECT "
          + LeadSql.COLUMNS
          + ", l.company_norm, l.phone_norms"
          + LeadSql.FROM
          + " WHERE l.tenant_id = $1 AND l.deleted_at IS NULL AND l.status IN ('new', 'contacted')"
          + " AND (l.company_norm = ANY($2) OR l.phone_norms && $3)";

  /**
   * Live customers with a name key among $2, or a phone among $3 on the customer or one of its live
   * contacts (as LeadSql.DUPLICATE_CUSTOMERS); the phones matched by either, and whether $4
   * collaborates on each.
   */
  private static final String CUSTOMERS =
      """
      WITH hits AS (
          SELECT id FROM customer
           WHERE tenant_id = $1 AND deleted_at IS NULL AND (name_norm = ANY($2) OR phone_norms && $3)
          UNION
          SELECT customer_id FROM contact
           WHERE tenant_id = $1 AND deleted_at IS NULL AND phone_norms && $3)
      SELECT c.id, c.name, c.name_norm, c.owner_id, c.in_pool, u.name AS owner_name,
             c.phone_norms || coalesce((SELECT array_agg(n) FROM contact k, unnest(k.phone_norms) n
                                         WHERE k.tenant_id = c.tenant_id AND k.customer_id = c.id
                                           AND k.deleted_at IS NULL), '{}') AS phone_norms,
             EXISTS (SELECT 1 FROM customer_collaborator cc
                      WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id AND cc.user_id = $4)
               AS collaborating
        FROM customer c JOIN hits h ON h.id = c.id
        LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id
       WHERE c.tenant_id = $1 AND c.deleted_at IS NULL
      """;

  private LeadBatch() {}

  /**
   * Checks a lead as capturing it would; fails with {@code InvalidInput} naming the field.
   *
   * @param ownerId who works it; null for the assignment rules (else the 线索池)
   */
  public static Checked check(NewLead lead, Long ownerId) {
    LeadFields f = LeadFields.of(lead);
    List<String> norms =
        f.phones().stream().map(CompanyNames::normalizePhone).filter(p -> !p.isEmpty()).toList();
    return new Checked(f, norms, ownerId);
  }

  /** The live leads, then the live customers, sharing a company key or a phone with any given. */
  public static Future<List<Existing>> existing(
      SqlClient db, Access access, Collection<String> companyNorms, Collection<String> phoneNorms) {
    Tuple keys =
        Tuple.of(
            access.tenantId(),
            companyNorms.toArray(String[]::new),
            phoneNorms.toArray(String[]::new));
    List<Existing> out = new ArrayList<>();
    return db.preparedQuery(LEADS)
        .execute(keys)
        .compose(
            leads -> {
              for (Row r : leads) {
                LeadDuplicate d = LeadDuplicates.ofLead(access, LeadRows.map(r));
                out.add(
                    new Existing(
                        "lead",
                        r.getString("company_norm"),
                        List.of(r.getArrayOfStrings("phone_norms")),
                        d.name(),
                        d.ownerName(),
                        d.inPool()));
              }
              return db.preparedQuery(CUSTOMERS).execute(keys.addLong(access.userId()));
            })
        .map(
            customers -> {
              for (Row r : customers) {
                boolean inPool = r.getBoolean("in_pool");
                // as CustomerRules.canRead: the pool, the owner's side, collaborators, admins
                boolean visible =
                    inPool
                        || access.seesOwner(r.getLong("owner_id"))
                        || r.getBoolean("collaborating");
                String name = r.getString("name");
                out.add(
                    new Existing(
                        "customer",
                        r.getString("name_norm"),
                        List.of(r.getArrayOfStrings("phone_norms")),
                        visible ? name : CompanyNames.mask(name),
                        visible && !inPool ? r.getString("owner_name") : null,
                        inPool));
              }
              return out;
            });
  }

  /**
   * Inserts leads already checked against {@link #existing}, each with an audit row; those without
   * an owner are handed out by the assignment rules in file order. Answers their ids in order.
   */
  public static Future<List<Long>> insert(SqlClient tx, Actor actor, List<Checked> leads) {
    if (leads.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return LeadAssignment.Batch.start(tx, actor.tenantId())
        .compose(rules -> picks(rules, leads, 0, new ArrayList<>()))
        .compose(picks -> write(tx, actor, leads, picks));
  }

  private static Future<List<LeadAssignment.Pick>> picks(
      LeadAssignment.Batch rules, List<Checked> leads, int i, List<LeadAssignment.Pick> out) {
    if (i == leads.size()) {
      return rules.finish().map(out);
    }
    Checked c = leads.get(i);
    Future<LeadAssignment.Pick> pick =
        c.ownerId != null
            ? Future.succeededFuture(new LeadAssignment.Pick(c.ownerId, null))
            : rules.pick(c.fields.region(), c.fields.industry());
    return pick.compose(
        p -> {
          out.add(p);
          return picks(rules, leads, i + 1, out);
        });
  }

  private static Future<List<Long>> write(
      SqlClient tx, Actor actor, List<Checked> leads, List<LeadAssignment.Pick> picks) {
    List<Tuple> inserts = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      LeadFields f = leads.get(i).fields;
      inserts.add(
          Tuple.from(
              new Object[] {
                actor.tenantId(),
                f.company(),
                f.companyNorm(),
                f.contactName(),
                f.phones().toArray(String[]::new),
                f.source().code(),
                picks.get(i).ownerId(),
                f.region(),
                f.industry(),
                f.note(),
                null,
                actor.auditUserId()
              }));
    }
    return AuditLog.createAll(
        tx,
        actor,
        LeadSql.INSERT,
        inserts,
        "lead",
        i ->
            leads
                .get(i)
                .fields
                .toJson()
                .put("ownerId", picks.get(i).ownerId())
                .put("ruleId", picks.get(i).ruleId()));
  }
}
