package com.chatcrm.engine.org;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the org directory: who is called 李四 (for "@李四"), who is in my team. Any active member of a
 * tenant may look colleagues up; nothing crosses tenants.
 */
public final class OrgQueries {

  private static final String MEMBER_COLUMNS =
      """
      SELECT u.id, u.platform_user_id, u.name, u.role, u.active,
             ARRAY(SELECT d.name FROM user_department ud JOIN department d
                     ON d.tenant_id = ud.tenant_id AND d.id = ud.department_id
                    WHERE ud.tenant_id = u.tenant_id AND ud.user_id = u.id ORDER BY d.name) AS departments
        FROM crm_user u
      """;
  // Exact names first, then names that start with the text, then contain it.
  private static final String BY_NAME =
      MEMBER_COLUMNS
          + """
           WHERE u.tenant_id = $1 AND u.active AND (u.name = $2 OR u.name LIKE $3 OR u.platform_user_id = $2)
           ORDER BY (u.name = $2 OR u.platform_user_id = $2) DESC, (u.name LIKE $2 || '%') DESC, u.name LIMIT 20
          """;
  private static final String BY_IDS =
      MEMBER_COLUMNS + " WHERE u.tenant_id = $1 AND u.id = ANY($2) ORDER BY u.name";

  private final Pool pool;

  public OrgQueries(Pool pool) {
    this.pool = pool;
  }

  /** Active colleagues whose name (or platform user id) matches, best first. */
  public Future<List<OrgMember>> findByName(Actor actor, String name) {
    String n = name == null ? "" : name.strip().replaceFirst("^[@＠]", "");
    if (n.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("name", "请输入同事的名字"));
    }
    String like = "%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return AccessResolver.resolve(pool, actor)
        .compose(access -> pool.preparedQuery(BY_NAME).execute(Tuple.of(actor.tenantId(), n, like)))
        .map(OrgQueries::members);
  }

  /** The actor and everyone in the department subtrees they manage (everyone, for an admin). */
  public Future<List<OrgMember>> team(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> {
              if (access.seesEverything()) {
                return pool.preparedQuery(
                        MEMBER_COLUMNS + " WHERE u.tenant_id = $1 AND u.active ORDER BY u.name")
                    .execute(Tuple.of(actor.tenantId()));
              }
              return pool.preparedQuery(BY_IDS)
                  .execute(Tuple.from(new Object[] {actor.tenantId(), access.visibleOwnerArray()}));
            })
        .map(OrgQueries::members);
  }

  /** A department of the company, for pickers (e.g. the lead assignment rules). */
  public record Department(long id, String name, Long parentId) {}

  private static final String DEPARTMENTS =
      "SELECT id, name, parent_id FROM department WHERE tenant_id = $1 ORDER BY name, id";

  /** Every department of the actor's company, by name; any active member may list them. */
  public Future<List<Department>> departments(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(access -> pool.preparedQuery(DEPARTMENTS).execute(Tuple.of(actor.tenantId())))
        .map(
            rows -> {
              List<Department> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Department(r.getLong("id"), r.getString("name"), r.getLong("parent_id")));
              }
              return out;
            });
  }

  private static List<OrgMember> members(io.vertx.sqlclient.RowSet<Row> rows) {
    List<OrgMember> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new OrgMember(
              r.getLong("id"),
              r.getString("platform_user_id"),
              r.getString("name"),
              r.getString("role"),
              r.getBoolean("active"),
              Arrays.asList(r.getArrayOfStrings("departments"))));
    }
    return out;
  }
}
