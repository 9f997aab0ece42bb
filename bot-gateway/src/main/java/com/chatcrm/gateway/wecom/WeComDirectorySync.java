package com.chatcrm.gateway.wecom;

import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.chatcrm.gateway.platform.DirectoryWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a company's WeCom directory into the engine: departments (parents first), members with
 * their departments, and department leaders as managers; members no longer listed are deactivated
 * (and their hand-over announced). Runs as the system; idempotent, so a full sync can be repeated
 * at any time and change_contact events can simply trigger one.
 */
public final class WeComDirectorySync {

  private final WeComSender sender;
  private final DirectoryWriter writer;

  public WeComDirectorySync(WeComSender sender, OrgService org) {
    this(sender, org, null);
  }

  /**
   * @param handovers announces the hand-over of members who left; null announces nothing
   */
  public WeComDirectorySync(WeComSender sender, OrgService org, LeaverHandovers handovers) {
    this.sender = sender;
    this.writer = new DirectoryWriter(org, handovers, "wecom");
  }

  /** Syncs with the admins named in the tenant's channel settings. */
  public Future<DirectoryWriter.Result> full(long tenantId) {
    return sender.tenants().byTenantId(tenantId).compose(entry -> full(tenantId, entry.admins()));
  }

  /**
   * @param admins platform user ids that get the admin role
   */
  public Future<DirectoryWriter.Result> full(long tenantId, Set<String> admins) {
    return sender
        .api(tenantId)
        .compose(api -> snapshot(api, admins))
        .compose(s -> writer.write(tenantId, s));
  }

  /** Departments, then each one's members; WeCom flags a leader per department of a member. */
  private Future<DirectoryWriter.Snapshot> snapshot(WeComApi api, Set<String> admins) {
    return api.get("/cgi-bin/department/list", Map.of())
        .compose(
            answer -> {
              List<JsonObject> listed =
                  parentsFirst(answer.getJsonArray("department", new JsonArray()));
              List<DirectoryWriter.Department> departments = new ArrayList<>();
              for (JsonObject d : listed) {
                long parent = d.getLong("parentid", 0L);
                departments.add(
                    new DirectoryWriter.Department(
                        String.valueOf(d.getLong("id")),
                        d.getString("name", "部门" + d.getLong("id")),
                        parent == 0 ? null : String.valueOf(parent)));
              }
              return members(api, listed)
                  .map(members -> snapshot(departments, members.values(), admins));
            });
  }

  private static DirectoryWriter.Snapshot snapshot(
      List<DirectoryWriter.Department> departments,
      Collection<JsonObject> members,
      Set<String> admins) {
    List<OrgUser> users = new ArrayList<>();
    Map<String, List<String>> leaders = new LinkedHashMap<>();
    for (JsonObject m : members) {
      String userId = m.getString("userid");
      List<String> depts = new ArrayList<>();
      JsonArray deptIds = m.getJsonArray("department", new JsonArray());
      JsonArray leaderFlags = m.getJsonArray("is_leader_in_dept", new JsonArray());
      for (int i = 0; i < deptIds.size(); i++) {
        String dept = String.valueOf(deptIds.getValue(i));
        depts.add(dept);
        if (i < leaderFlags.size() && Integer.valueOf(1).equals(leaderFlags.getInteger(i))) {
          leaders.computeIfAbsent(dept, k -> new ArrayList<>()).add(userId);
        }
      }
      users.add(
          new OrgUser(
              userId,
              m.getString("name", userId),
              m.getString("mobile"),
              m.getString("email"),
              admins.contains(userId) ? "admin" : "rep",
              depts));
    }
    return new DirectoryWriter.Snapshot(departments, users, leaders);
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
