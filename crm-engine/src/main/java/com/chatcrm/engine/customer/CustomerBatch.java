package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many customers at once (导入): the same validation and 查重 keys as {@link CustomerService#create},
 * looked up and written a batch at a time inside the caller's transaction.
 */
public final class CustomerBatch {

  /**
   * A customer checked as creating it would check it: what 查重 matches it by (its normalised name
   * and phone numbers), and the columns to write, worked out once.
   */
  public static final class Checked {
    private final CustomerFields fields;
    private final String nameNorm;
    private final List<String> phoneNorms;
    private final long ownerId;

    private Checked(CustomerFields fields, String nameNorm, List<String> phoneNorms, long ownerId) {
      this.fields = fields;
      this.nameNorm = nameNorm;
      this.phoneNorms = phoneNorms;
      this.ownerId = ownerId;
    }

    public String nameNorm() {
      return nameNorm;
    }

    public List<String> phoneNorms() {
      return phoneNorms;
    }

    public long ownerId() {
      return ownerId;
    }

    /**
     * The keys without the columns (search grams, pinyin): what a preview of many rows keeps, at a
     * fraction of the memory; it cannot be inserted.
     */
    public Checked keysOnly() {
      return new Checked(null, nameNorm, phoneNorms, ownerId);
    }
  }

  /**
   * A live customer that shares a key with a row; its name masked when the actor may not see it.
   */
  public record Existing(
      String nameNorm, List<String> phoneNorms, String shownName, String ownerName) {}

  private static final String EXISTING =
      "SELECT "
          + CustomerSql.COLUMNS
          + CustomerSql.FROM
          + " WHERE c.tenant_id = $1 AND c.deleted_at IS NULL"
          + " AND (c.name_norm = ANY($2) OR c.phone_norms && $3)";

  private CustomerBatch() {}

  /**
   * Checks a customer as creating it would (the level defaults to 潜在; {@code c} names its owner);
   * fails with {@code InvalidInput} naming the field. CPU work (pinyin, search grams): call it off
   * the event loop.
   */
  public static Checked check(NewCustomer c) {
    CustomerFields f = CustomerFields.of(c);
    return new Checked(f, f.nameNorm(), f.phoneNorms(), c.ownerId());
  }

  /** The live customers sharing a name key or a phone number with any of those given. */
  public static Future<List<Existing>> existing(
      SqlClient db, Access access, Collection<String> nameNorms, Collection<String> phoneNorms) {
    return db.preparedQuery(EXISTING)
        .execute(
            Tuple.of(
                access.tenantId(),
                nameNorms.toArray(String[]::new),
                phoneNorms.toArray(String[]::new)))
        .map(
            rows -> {
              List<Existing> out = new ArrayList<>();
              for (Row r : rows) {
                Customer c = CustomerRows.map(r);
                boolean visible = CustomerRules.canRead(access, c);
                out.add(
                    new Existing(
                        CompanyNames.normalize(c.name()),
                        c.phones().stream().map(CompanyNames::normalizePhone).toList(),
                        visible ? c.name() : CustomerDuplicates.mask(c.name()),
                        c.inPool() ? "公海" : c.ownerName()));
              }
              return out;
            });
  }

  /**
   * How many more customers each owner may hold under the 私海上限 (the pool rule's max_private, which
   * counts created customers as well as claimed ones); an owner without a limit is absent. Locks
   * the owners' rows, as creating one customer does.
   */
  public static Future<Map<Long, Room>> room(
      SqlClient tx, long tenantId, Set<Long> owners, boolean lock) {
    if (owners.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return tx.preparedQuery(lock ? CustomerSql.OWNERS_HOLDINGS_LOCKED : CustomerSql.OWNERS_HOLDINGS)
        .execute(Tuple.of(tenantId, (Object) owners.toArray(Long[]::new)))
        .map(
            rows -> {
              Map<Long, Room> room = new HashMap<>();
              for (Row r : rows) {
                Integer max = r.getInteger("max_private");
                if (max != null) {
                  room.put(
                      r.getLong("id"), new Room((int) Math.max(0, max - r.getLong("held")), max));
                }
              }
              return room;
            });
  }

  /** How many more customers an owner may hold ({@code left}) under a limit of {@code max}. */
  public record Room(int left, int max) {

    /** The refusal of one more, in the words creating one customer uses. */
    public String refusal() {
      return "负责人的客户数已达上限（最多 " + max + " 个），请先将不再跟进的客户放回公海";
    }
  }

  /**
   * Inserts customers already checked against {@link #existing}, with an audit row each, and tells
   * the chat's linker the names changed; answers their ids in order. A customer created meanwhile
   * under the same name fails the batch on the unique index.
   */
  public static Future<List<Long>> insert(SqlClient tx, Actor actor, List<Checked> customers) {
    if (customers.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Tuple> inserts = new ArrayList<>();
    for (Checked c : customers) {
      if (c.fields == null) {
        throw new IllegalArgumentException(
            "a customer checked for its keys only cannot be inserted");
      }
      inserts.add(
          c.fields.insertTuple(
              actor.tenantId(), c.ownerId, actor.isSystem() ? c.ownerId : actor.userId()));
    }
    return AuditLog.createAll(
            tx,
            actor,
            CustomerSql.INSERT,
            inserts,
            "customer",
            i -> customers.get(i).fields.toJson().put("ownerId", customers.get(i).ownerId))
        .compose(ids -> KnownCustomers.announce(tx, actor.tenantId()).map(v -> ids));
  }
}
