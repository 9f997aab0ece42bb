package com.chatcrm.engine.access;

import com.chatcrm.engine.error.Forbidden;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Turns an {@link Actor} into its {@link Access}: role, managed subtree, visible owners. */
public final class AccessResolver {

  // The actor's role, and every active user in the department subtrees the actor manages.
  private static final String RESOLVE =
      """
      WITH RECURSIVE me AS (
        SELECT id, role FROM crm_user WHERE tenant_id = $1 AND id = $2 AND active
      ), managed AS (
        SELECT dm.department_id AS id FROM department_manager dm
         WHERE dm.tenant_id = $1 AND dm.user_id = $2
        UNION
        SELECT d.id FROM department d JOIN managed m ON d.parent_id = m.id
         WHERE d.tenant_id = $1
      )
      SELECT me.role,
             ARRAY(SELECT DISTINCT ud.user_id FROM user_department ud
                    WHERE ud.tenant_id = $1 AND ud.department_id IN (SELECT id FROM managed)) AS members
        FROM me
      """;

  /**
   * Access resolved for one chat message, keyed by the very Actor made for it (weak keys compare by
   * identity): a 跟进 asks three services, each resolving the sender again. One message sees one org
   * chart.
   */
  private static final Cache<Actor, Access> PER_MESSAGE =
      Caffeine.newBuilder()
          .weakKeys()
          .expireAfterWrite(Duration.ofSeconds(30))
          .maximumSize(10_000)
          .build();

  private AccessResolver() {}

  public static Future<Access> resolve(SqlClient db, Actor actor) {
    if (actor.isSystem()) {
      return Future.succeededFuture(new Access(actor, true, Set.of()));
    }
    boolean oneMessage = "chat".equals(actor.source().kind()) && actor.source().ref() != null;
    if (oneMessage) {
      Access known = PER_MESSAGE.getIfPresent(actor);
      if (known != null) {
        return Future.succeededFuture(known);
      }
    }
    return query(db, actor)
        .onSuccess(
            access -> {
              if (oneMessage) {
                PER_MESSAGE.put(actor, access);
              }
            });
  }

  private static Future<Access> query(SqlClient db, Actor actor) {
    return db.preparedQuery(RESOLVE)
        .execute(Tuple.of(actor.tenantId(), actor.userId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new Forbidden(
                    "user " + actor.userId() + " is not an active member of this tenant");
              }
              Row row = rows.iterator().next();
              Set<Long> owners = new HashSet<>();
              owners.add(actor.userId());
              for (Long member : row.getArrayOfLongs("members")) {
                owners.add(member);
              }
              return new Access(actor, "admin".equals(row.getString("role")), Set.copyOf(owners));
            });
  }
}
