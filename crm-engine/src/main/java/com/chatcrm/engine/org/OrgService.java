package com.chatcrm.engine.org;

import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The org directory: departments (a tree), users and who manages which department. Filled by the
 * platform directory sync (acting as the system) and by admins.
 */
public final class OrgService {

  private static final Set<String> ROLES = Set.of("rep", "admin");

  private static final String UPSERT_DEPT =
      """
      INSERT INTO department (tenant_id, platform_dept_id, name, parent_id)
      VALUES ($1, $2, $3, (SELECT id FROM department WHERE tenant_id = $1 AND platform_dept_id = $4))
      ON CONFLICT (tenant_id, platform_dept_id)
      DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, updated_at = now()
      RETURNING id
      """;
  // A role an admin set in the mini-app (role_set_in_app) wins over the one the directory gives:
  // the
  // next sync must neither take back a grant nor undo a revoke made there.
  private static final String UPSERT_USER =
      """
      INSERT INTO crm_user (tenant_id, platform_user_id, name, mobile, email, role)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (tenant_id, platform_user_id)
      DO UPDATE SET name = EXCLUDED.name, mobile = EXCLUDED.mobile, email = EXCLUDED.email,
                    role = CASE WHEN crm_user.role_set_in_app THEN crm_user.role ELSE EXCLUDED.role END,
                    active = true, updated_at = now()
      RETURNING id, role
      """;
  private static final String CLEAR_USER_DEPTS =
      "DELETE FROM user_department WHERE tenant_id = $1 AND user_id = $2";
  private static final String ADD_USER_DEPTS =
      """
      INSERT INTO user_department (tenant_id, user_id, department_id)
      SELECT $1, $2, id FROM department WHERE tenant_id = $1 AND platform_dept_id = ANY($3)
      """;
  private static final String DEPT_ID =
      "SELECT id FROM department WHERE tenant_id = $1 AND platform_dept_id = $2";
  private static final String CLEAR_MANAGERS =
      "DELETE FROM department_manager WHERE tenant_id = $1 AND department_id = $2";
  private static final String ADD_MANAGERS =
      """
      INSERT INTO department_manager (tenant_id, department_id, user_id)
      SELECT $1, $2, id FROM crm_user WHERE tenant_id = $1 AND platform_user_id = ANY($3)
      """;
  private static final String DEACTIVATE =
      "UPDATE crm_user SET active = false, updated_at = now() WHERE tenant_id = $1 AND platform_user_id = $2 RETURNING id";
  // the members a full listing no longer has: only active ones, so each leaver is deactivated (and
  // audited, and handed over) once
  private static final String DEACTIVATE_MISSING =
      """
      UPDATE crm_user SET active = false, updated_at = now()
       WHERE tenant_id = $1 AND active AND NOT (platform_user_id = ANY($2))
      RETURNING id, platform_user_id
      """;
  private static final String DEPT_WITH_PARENT =
      "SELECT id, parent_id FROM department WHERE tenant_id = $1 AND platform_dept_id = $2 FOR UPDATE";
  private static final String REPARENT_CHILDREN =
      "UPDATE department SET parent_id = $3, updated_at = now() WHERE tenant_id = $1 AND parent_id = $2";
  private static final String DELETE_DEPT =
      "DELETE FROM department WHERE tenant_id = $1 AND id = $2";
  private static final String USER_BY_PLATFORM_ID =
      "SELECT id FROM crm_user WHERE tenant_id = $1 AND platform_user_id = $2";

  /**
   * Our user ids by (tenant, platform user id), one per process: every chat message starts with
   * this look-up, and a member keeps their id for good (deactivated, not deleted; access is checked
   * on its own). Only found ones.
   */
  public static final class UserIds {
    private final Cache<UserKey, Long> byKey =
        Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(100_000).build();
  }

  private record UserKey(long tenantId, String platformUserId) {}

  private final Pool pool;
  private final Cache<UserKey, Long> userIds;

  /** With a cache of its own (tests, tools). */
  public OrgService(Pool pool) {
    this(pool, new UserIds());
  }

  /**
   * @param userIds shared by every OrgService of the process, whichever pool it reads through
   */
  public OrgService(Pool pool, UserIds userIds) {
    this.pool = pool;
    this.userIds = userIds.byKey;
  }

  /**
   * Creates or renames a department; its parent (by platform id) must exist already, or be null.
   */
  public Future<Long> upsertDepartment(
      Actor actor, String platformDeptId, String name, String parentPlatformDeptId) {
    if (platformDeptId == null || platformDeptId.isBlank()) {
      return Future.failedFuture(InvalidInput.field("platformDeptId", "must not be empty"));
    }
    if (name == null || name.isBlank()) {
      return Future.failedFuture(InvalidInput.field("name", "must not be empty"));
    }
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(UPSERT_DEPT)
                .execute(
                    Tuple.of(actor.tenantId(), platformDeptId, name.strip(), parentPlatformDeptId))
                .compose(
                    rows -> {
                      long id = rows.iterator().next().getLong(0);
                      return AuditLog.record(
                              tx,
                              actor,
                              "upsert",
                              "department",
                              id,
                              new JsonObject()
                                  .put("name", name)
                                  .put("parent", parentPlatformDeptId))
                          .map(id);
                    }));
  }

  /**
   * Creates or updates a user and replaces their department memberships. The user's role becomes
   * {@code user.role()} unless an admin set it in the mini-app ({@code settings.AdminRoles}).
   */
  public Future<Long> upsertUser(Actor actor, OrgUser user) {
    if (user.platformUserId() == null || user.platformUserId().isBlank()) {
      return Future.failedFuture(InvalidInput.field("platformUserId", "must not be empty"));
    }
    if (user.name() == null || user.name().isBlank()) {
      return Future.failedFuture(InvalidInput.field("name", "must not be empty"));
    }
    String role = user.role() == null ? "rep" : user.role();
    if (!ROLES.contains(role)) {
      return Future.failedFuture(InvalidInput.field("role", "must be rep or admin"));
    }
    List<String> depts = user.platformDeptIds() == null ? List.of() : user.platformDeptIds();
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(UPSERT_USER)
                .execute(
                    Tuple.of(
                        actor.tenantId(),
                        user.platformUserId(),
                        user.name().strip(),
                        user.mobile(),
                        user.email(),
                        role))
                .compose(
                    rows -> {
                      long id = rows.iterator().next().getLong("id");
                      String kept = rows.iterator().next().getString("role");
                      return tx.preparedQuery(CLEAR_USER_DEPTS)
                          .execute(Tuple.of(actor.tenantId(), id))
                          .compose(
                              r ->
                                  tx.preparedQuery(ADD_USER_DEPTS)
                                      .execute(
                                          Tuple.of(
                                              actor.tenantId(), id, depts.toArray(String[]::new))))
                          .compose(
                              r ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "upsert",
                                      "user",
                                      id,
                                      new JsonObject()
                                          .put("name", user.name())
                                          .put("role", kept)
                                          .put("departments", depts)))
                          .map(id);
                    }));
  }

  /** Replaces the managers of a department. */
  public Future<Void> setManagers(
      Actor actor, String platformDeptId, List<String> platformUserIds) {
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(DEPT_ID)
                .execute(Tuple.of(actor.tenantId(), platformDeptId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(new NotFound("no department " + platformDeptId));
                      }
                      long deptId = rows.iterator().next().getLong(0);
                      return tx.preparedQuery(CLEAR_MANAGERS)
                          .execute(Tuple.of(actor.tenantId(), deptId))
                          .compose(
                              r ->
                                  tx.preparedQuery(ADD_MANAGERS)
                                      .execute(
                                          Tuple.of(
                                              actor.tenantId(),
                                              deptId,
                                              platformUserIds.toArray(String[]::new))))
                          .compose(
                              r ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "set_managers",
                                      "department",
                                      deptId,
                                      new JsonObject().put("managers", platformUserIds)));
                    }));
  }

  /**
   * A department the platform removed: its sub-departments move up to its parent, its memberships
   * and managers go (the platform only removes empty departments); customers and history are
   * untouched. Removing one that is not there is a no-op, so a re-delivered event is harmless.
   */
  public Future<Void> removeDepartment(Actor actor, String platformDeptId) {
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(DEPT_WITH_PARENT)
                .execute(Tuple.of(actor.tenantId(), platformDeptId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture();
                      }
                      long id = rows.iterator().next().getLong("id");
                      Long parent = rows.iterator().next().getLong("parent_id");
                      return tx.preparedQuery(REPARENT_CHILDREN)
                          .execute(Tuple.of(actor.tenantId(), id, parent))
                          .compose(
                              v ->
                                  tx.preparedQuery(DELETE_DEPT)
                                      .execute(Tuple.of(actor.tenantId(), id)))
                          .compose(
                              v ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "remove",
                                      "department",
                                      id,
                                      new JsonObject().put("platformDeptId", platformDeptId)));
                    }));
  }

  /**
   * A user who left the company: they can no longer act; their records stay (until handed over, see
   * {@code transfer.LeaverHandovers}).
   */
  public Future<Void> deactivateUser(Actor actor, String platformUserId) {
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(DEACTIVATE)
                .execute(Tuple.of(actor.tenantId(), platformUserId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(new NotFound("no user " + platformUserId));
                      }
                      return AuditLog.record(
                          tx, actor, "deactivate", "user", rows.iterator().next().getLong(0), null);
                    }));
  }

  /**
   * After a full listing of the directory: every active member it does not name has left. Answers
   * the internal ids of those deactivated now (not of members who had left before).
   *
   * @param present every platform user id the listing named; never empty (an empty listing is more
   *     likely a scope or API fault than a company without members, and would deactivate everyone)
   */
  public Future<List<Long>> deactivateMissing(Actor actor, java.util.Collection<String> present) {
    if (present.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("present", "an empty directory is not synced"));
    }
    return asAdmin(
        actor,
        tx ->
            tx.preparedQuery(DEACTIVATE_MISSING)
                .execute(Tuple.of(actor.tenantId(), (Object) present.toArray(String[]::new)))
                .compose(
                    rows -> {
                      List<Long> ids = new java.util.ArrayList<>();
                      Future<Void> audits = Future.succeededFuture();
                      for (var row : rows) {
                        long id = row.getLong("id");
                        ids.add(id);
                        JsonObject why =
                            new JsonObject()
                                .put("platformUserId", row.getString("platform_user_id"))
                                .put("reason", "not in the directory");
                        audits =
                            audits.compose(
                                v -> AuditLog.record(tx, actor, "deactivate", "user", id, why));
                      }
                      return audits.map(v -> List.copyOf(ids));
                    }));
  }

  /** The internal id of a platform user (e.g. the sender of a chat message). */
  public Future<Long> userId(long tenantId, String platformUserId) {
    UserKey key = new UserKey(tenantId, platformUserId);
    Long known = userIds.getIfPresent(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pool.preparedQuery(USER_BY_PLATFORM_ID)
        .execute(Tuple.of(tenantId, platformUserId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no user " + platformUserId + " in this tenant");
              }
              long id = rows.iterator().next().getLong(0);
              userIds.put(key, id);
              return id;
            });
  }

  private <T> Future<T> asAdmin(
      Actor actor, java.util.function.Function<SqlClient, Future<T>> work) {
    return AccessTransaction.asAdmin(
        pool, actor, "only an admin may change the org directory", work);
  }
}
