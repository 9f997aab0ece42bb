package com.chatcrm.engine.lead;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.CompanyNames;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * 查重 of a capture: live leads (new or contacted) and live customers with the same normalised
 * company name or a shared phone (a customer's own phones or its contacts'). One the actor may not
 * see is named masked and without its owner: enough to know it exists, not whose it is.
 */
final class LeadDuplicates {

  private LeadDuplicates() {}

  /** The live leads matched, as leads (for an unattended capture that answers with one). */
  static Future<List<Lead>> leads(SqlClient tx, long tenantId, LeadFields f) {
    return tx.preparedQuery(LeadSql.DUPLICATE_LEADS)
        .execute(Tuple.of(tenantId, f.companyNorm(), f.phones().toArray(String[]::new)))
        .map(
            rows -> {
              List<Lead> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(LeadRows.map(r));
              }
              return out;
            });
  }

  /** Every lead and customer matched, leads first, as the actor may see them. */
  static Future<List<LeadDuplicate>> find(SqlClient tx, Access access, LeadFields f) {
    return leads(tx, access.tenantId(), f)
        .compose(
            leads -> {
              List<LeadDuplicate> out = new ArrayList<>();
              for (Lead l : leads) {
                out.add(ofLead(access, l));
              }
              return customers(tx, access, f)
                  .map(
                      customers -> {
                        out.addAll(customers);
                        return out;
                      });
            });
  }

  static LeadDuplicate ofLead(Access access, Lead l) {
    boolean visible = LeadRules.canRead(access, l);
    return new LeadDuplicate(
        "lead",
        l.id(),
        visible ? l.company() : CompanyNames.mask(l.company()),
        visible ? l.ownerName() : null,
        visible,
        l.inPool());
  }

  private static Future<List<LeadDuplicate>> customers(SqlClient tx, Access access, LeadFields f) {
    return tx.preparedQuery(LeadSql.DUPLICATE_CUSTOMERS)
        .execute(
            Tuple.of(
                access.tenantId(),
                f.companyNorm(),
                f.phones().toArray(String[]::new),
                access.userId()))
        .map(
            rows -> {
              List<LeadDuplicate> out = new ArrayList<>();
              for (Row r : rows) {
                boolean inPool = r.getBoolean("in_pool");
                Long owner = r.getLong("owner_id");
                // as CustomerRules.canRead: the pool, the owner's side, collaborators, admins
                boolean visible =
                    inPool || access.seesOwner(owner) || r.getBoolean("collaborating");
                String name = r.getString("name");
                out.add(
                    new LeadDuplicate(
                        "customer",
                        r.getLong("id"),
                        visible ? name : CompanyNames.mask(name),
                        visible && !inPool ? r.getString("owner_name") : null,
                        visible,
                        inPool));
              }
              return out;
            });
  }
}
