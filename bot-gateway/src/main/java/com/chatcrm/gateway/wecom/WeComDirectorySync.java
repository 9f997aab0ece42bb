package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a company's WeCom directory into the engine: departments (parents first), members with
 * their departments, and department leaders as managers. Runs as the system; idempotent, so a full
 * sync can be repeated at any time and change_contact events can simply trigger one.
 */
public final class WeComDirectorySync {

  private static final Logger LOG = LoggerFactory.getLogger(WeComDirectorySync.class);

  /** What a sync did, for the log and the admin who asked for it. */
  public record Result(int departments, int users) {}

  private final WeComSender sender;
  private final OrgService org;

  public WeComDirectorySync(WeComSender sender, OrgService org) {
    this.sender = sender;
    this.org = org;
  }

  /** Syncs with the admins named in the tenant's channel settings. */
  public Future<Result> full(long tenantId) {
    return sender.tenants().byTenantId(tenantId).compose(entry -> full(tenantId, entry.admins()));
  }

  /**
   * @param admins platform user ids that get the admin role
   */
  public Future<Result> full(long tenantId, Set<String> admins) {
    Actor system = Actor.system(tenantId, "wecom-directory-sync");
    return sender
        .api(tenantId)
        .compose(
            api ->
                api.get("/cgi-bin/department/list", Map.of())
                    .compose(
                        answer -> {
                          List<JsonObject> departments =
                              parentsFirst(answer.getJsonArray("department", new JsonArray()));
                          Future<Void> chain = Future.succeededFuture();
                          for (JsonObject d : departments) {
                            String parent =
                                d.getLong("parentid", 0L) == 0
                                    ? null
                                    : String.valueOf(d.getLong("parentid"));
                            chain =
                                chain.compose(
                                    v ->
                                        org.upsertDepartment(
                                                system,
                                                String.valueOf(d.getLong("id")),
                                                d.getString("name", "部门" + d.getLong("id")),
                                                parent)
                                            .mapEmpty());
                          }
                          return chain
                              .compose(v -> members(api, departments))
                              .compose(
                                  members -> {
                                    Future<Void> users = Future.succeededFuture();
                                    Map<String, List<String>> leaders = new LinkedHashMap<>();
                                    for (JsonObject m : members.values()) {
                                      String userId = m.getString("userid");
                                      List<String> depts = new ArrayList<>();
                                      JsonArray deptIds =
                                          m.getJsonArray("department", new JsonArray());
                                      JsonArray leaderFlags =
                                          m.getJsonArray("is_leader_in_dept", new JsonArray());
                                      for (int i = 0; i < deptIds.size(); i++) {
                                        String dept = String.valueOf(deptIds.getValue(i));
                                        depts.add(dept);
                                        if (i < leaderFlags.size()
                                            && Integer.valueOf(1)
                                                .equals(leaderFlags.getInteger(i))) {
                                          leaders
                                              .computeIfAbsent(dept, k -> new ArrayList<>())
                                              .add(userId);
                                        }
                                      }
                                      OrgUser user =
                                          new OrgUser(
                                              userId,
                                              m.getString("name", userId),
                                              m.getString("mobile"),
                                              m.getString("email"),
                                              admins.contains(userId) ? "admin" : "rep",
                                              depts);
                                      users =
                                          users.compose(
                                              v -> org.upsertUser(system, user).mapEmpty());
                                    }
                                    for (JsonObject d : departments) {
                                      String dept = String.valueOf(d.getLong("id"));
                                      List<String> managers = leaders.getOrDefault(dept, List.of());
                                      users =
                                          users.compose(
                                              v -> org.setManagers(system, dept, managers));
                                    }
                                    return users.map(
                                        v -> new Result(departments.size(), members.size()));
                                  });
                        }))
        .onSuccess(
            r ->
                LOG.info(
                    "WeCom directory of tenant {} synced: {} departments, {} users",
                    tenantId,
                    r.departments(),
                    r.users()));
  }

  private Future<Map<String, JsonObject>> members(WeComApi api, List<JsonObject> departments) {
    Map<String, JsonObject> members = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject d : departments) {
      chain =
          chain.compose(
              v ->
                  api.get(
                          "/cgi-bin/user/list",
                          Map.of("department_id", String.valueOf(d.getLong("id"))))
                      .map(
                          answer -> {
                            answer
                                .getJsonArray("userlist", new JsonArray())
                                .forEach(
                                    o -> {
                                      JsonObject m = (JsonObject) o;
                                      members.putIfAbsent(m.getString("userid"), m);
                                    });
                            return null;
                          }));
    }
    return chain.map(v -> members);
  }

  /** WeCom lists departments in no promised order; a child needs its parent to exist first. */
  static List<JsonObject> parentsFirst(JsonArray all) {
    List<JsonObject> pending = new ArrayList<>();
    all.forEach(o -> pending.add((JsonObject) o));
    Set<Long> known = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    pending.forEach(d -> ids.add(d.getLong("id")));
    List<JsonObject> ordered = new ArrayList<>();
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        JsonObject d = it.next();
        long parent = d.getLong("parentid", 0L);
        if (parent == 0 || known.contains(parent) || !ids.contains(parent)) {
          if (parent != 0 && !ids.contains(parent)) {
            d =
                d.copy()
                    .put("parentid", 0L); // parent outside the app's visible scope: treat as a root
          }
          ordered.add(d);
          known.add(d.getLong("id"));
          it.remove();
          progress = true;
        }
      }
    }
    return ordered;
  }
}
