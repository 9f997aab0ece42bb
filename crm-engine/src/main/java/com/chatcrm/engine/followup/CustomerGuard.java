package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a live customer inside the caller's transaction and applies {@link CustomerRules}: the gate
 * for records hung off a customer (contacts, follow-ups, mentions).
 */
public final class CustomerGuard {

  // The customer package keeps its row mapping to itself; this is the same projection.
  private static final String BY_ID =
      """
      SELECT c.id, c.name, c.short_name, c.aliases, c.industry, c.region, c.source, c.level, c.phones,
             c.address, c.tags, c.owner_id, u.name AS owner_name, c.in_pool, c.last_follow_up_at,
             c.created_at, c.updated_at, c.version, c.deleted_at,
             ARRAY(SELECT cc.user_id FROM customer_collaborator cc
                    WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id ORDER BY cc.user_id) AS collaborators
        FROM customer c LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id
       WHERE c.tenant_id = $1 AND c.id = $2
      """;

  private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE OF c";

  private CustomerGuard() {}

  /** The customer if the actor may see it; {@link NotFound} when missing, deleted or in another tenant. */
  public static Future<Customer> readable(SqlClient db, Access access, long customerId) {
    return live(db, access.tenantId(), customerId, false)
        .map(
            c -> {
              if (!CustomerRules.canRead(access, c)) {
                throw new Forbidden("你没有权限查看客户「" + c.name() + "」", details(c));
              }
              return c;
            });
  }

  /**
   * The customer if the actor may edit it (and so follow it up); {@code lock} takes the row lock so
   * that a transfer or a pool reclaim cannot slip in before the caller commits.
   */
  public static Future<Customer> editable(SqlClient db, Access access, long customerId, boolean lock) {
    return live(db, access.tenantId(), customerId, lock)
        .map(
            c -> {
              if (!CustomerRules.canEdit(access, c)) {
                throw new Forbidden(
                    c.inPool()
                        ? "客户「" + c.name() + "」在公海中，请先领取"
                        : "客户「" + c.name() + "」的负责人是" + c.ownerName() + "，你不是负责人或协同人",
                    details(c));
              }
              return c;
            });
  }

  private static Future<Customer> live(SqlClient db, long tenantId, long customerId, boolean lock) {
    return db.preparedQuery(lock ? BY_ID_FOR_UPDATE : BY_ID)
        .execute(Tuple.of(tenantId, customerId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("客户不存在（" + customerId + "）");
              }
              Customer c = map(rows.iterator().next());
              if (c.deleted()) {
                throw new NotFound("客户「" + c.name() + "」已删除");
              }
              return c;
            });
  }

  private static JsonObject details(Customer c) {
    return new JsonObject()
        .put("entity", "customer")
        .put("id", c.id())
        .put("ownerName", c.ownerName());
  }

  private static Customer map(Row r) {
    return new Customer(
        r.getLong("id"),
        r.getString("name"),
        r.getString("short_name"),
        strings(r, "aliases"),
        r.getString("industry"),
        r.getString("region"),
        r.getString("source"),
        CustomerLevel.parse(r.getString("level")),
        strings(r, "phones"),
        r.getString("address"),
        strings(r, "tags"),
        r.getLong("owner_id"),
        r.getString("owner_name"),
        r.getBoolean("in_pool"),
        List.of(r.getArrayOfLongs("collaborators")),
        r.getOffsetDateTime("last_follow_up_at"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getInteger("version"),
        r.getValue("deleted_at") != null);
  }

  private static List<String> strings(Row r, String column) {
    String[] values = r.getArrayOfStrings(column);
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }
}
