package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.change.ChangeFeed;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A tenant's customers by name, for the chat's linker (which finds them anywhere in a line), and
 * which of the customers a line named one user may see. The names are the tenant's, read as one of
 * its users; only {@link #sight} says what that user may learn, so the chat links nothing else.
 */
public final class KnownCustomers {

  /** The change-feed message prefix for a change to a tenant's customer names; the id follows. */
  public static final String CHANGE_PREFIX = "customer_names:";

  /** How long a follow-up makes a customer "recent" for the one who wrote it. */
  static final String RECENT = "30 days";

  /** A customer's name, short name and aliases. */
  public record Named(long id, String name, String shortName, List<String> aliases) {}

  /** Of the customers asked about: those the user may see, and those that are theirs or recent. */
  public record Sight(Set<Long> visible, Set<Long> preferred) {}

  private static final String NAMES =
      "SELECT id, name, short_name, aliases FROM customer WHERE tenant_id = $1 AND deleted_at IS NULL";

  // $1 tenant, $2 admin, $3 visible owners, $4 user, $5 ids
  private static final String SIGHT =
      "SELECT c.id, (c.owner_id = $4"
          + " OR EXISTS (SELECT 1 FROM customer_collaborator cc WHERE cc.tenant_id = $1"
          + " AND cc.customer_id = c.id AND cc.user_id = $4)"
          + " OR EXISTS (SELECT 1 FROM follow_up f WHERE f.tenant_id = $1 AND f.customer_id = c.id"
          + " AND f.author_id = $4 AND f.deleted_at IS NULL AND f.happened_at > now() - interval '"
          + RECENT
          + "')) AS preferred FROM customer c WHERE c.tenant_id = $1 AND c.id = ANY($5)"
          + " AND c.deleted_at IS NULL AND "
          + CustomerSql.VISIBLE;

  private final Pool pool;
  private final NameChanges changes;

  /**
   * @param changes the process's count of name changes, shared with the services that make them
   */
  public KnownCustomers(Pool pool, NameChanges changes) {
    this.pool = pool;
    this.changes = changes;
  }

  /** How many times the tenant's names changed: an index built at a lower count is out of date. */
  public long generation(long tenantId) {
    return changes.of(tenantId);
  }

  /** Announces that the tenant's names changed; call inside the transaction that changed them. */
  public static Future<Void> announce(SqlClient tx, long tenantId) {
    return ChangeFeed.announce(tx, CHANGE_PREFIX + tenantId);
  }

  /** The tenant a change-feed message says changed its names, or null for other messages. */
  public static Long changedTenant(String message) {
    if (message == null || !message.startsWith(CHANGE_PREFIX)) {
      return null;
    }
    try {
      return Long.parseLong(message.substring(CHANGE_PREFIX.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Every customer of the actor's tenant that is not deleted, by name. */
  public Future<List<Named>> all(Actor actor) {
    return pool.preparedQuery(NAMES)
        .execute(Tuple.of(actor.tenantId()))
        .map(
            rows -> {
              List<Named> out = new ArrayList<>(rows.size());
              for (Row r : rows) {
                String[] aliases = r.getArrayOfStrings("aliases");
                out.add(
                    new Named(
                        r.getLong("id"),
                        r.getString("name"),
                        r.getString("short_name"),
                        aliases == null ? List.of() : List.of(aliases)));
              }
              return out;
            });
  }

  /** Which of {@code ids} the actor may see, and which of those are theirs or recent for them. */
  public Future<Sight> sight(Actor actor, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(new Sight(Set.of(), Set.of()));
    }
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(SIGHT)
                    .execute(
                        Tuple.of(
                            actor.tenantId(),
                            access.seesEverything(),
                            access.visibleOwnerArray(),
                            actor.userId(),
                            ids.toArray(Long[]::new))))
        .map(
            rows -> {
              Set<Long> visible = new HashSet<>();
              Set<Long> preferred = new HashSet<>();
              for (Row r : rows) {
                visible.add(r.getLong("id"));
                if (Boolean.TRUE.equals(r.getBoolean("preferred"))) {
                  preferred.add(r.getLong("id"));
                }
              }
              return new Sight(Set.copyOf(visible), Set.copyOf(preferred));
            });
  }
}
