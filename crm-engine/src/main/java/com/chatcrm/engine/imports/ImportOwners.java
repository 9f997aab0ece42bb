package com.chatcrm.engine.imports;

import com.chatcrm.engine.access.Access;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 负责人 column: a colleague's name among the tenant's active members, one the uploader may hand
 * records to (a rep themselves, a manager their team, an admin anyone).
 */
final class ImportOwners {

  private static final String ACTIVE_USERS =
      "SELECT id, name FROM crm_user WHERE tenant_id = $1 AND active";

  /** The colleague named, or why the name does not do. */
  record Found(Long id, String refusal) {}

  private final Access access;
  private final Map<String, List<Long>> byName;

  private ImportOwners(Access access, Map<String, List<Long>> byName) {
    this.access = access;
    this.byName = byName;
  }

  static Future<ImportOwners> of(SqlClient db, Access access) {
    return db.preparedQuery(ACTIVE_USERS)
        .execute(Tuple.of(access.tenantId()))
        .map(
            rows -> {
              Map<String, List<Long>> byName = new HashMap<>();
              rows.forEach(
                  r ->
                      byName
                          .computeIfAbsent(r.getString("name").strip(), k -> new ArrayList<>())
                          .add(r.getLong("id")));
              return new ImportOwners(access, byName);
            });
  }

  Access access() {
    return access;
  }

  Found find(String name) {
    List<Long> reachable =
        byName.getOrDefault(name, List.of()).stream().filter(access::seesOwner).toList();
    if (reachable.isEmpty()) {
      return new Found(null, "负责人「" + name + "」不存在或不在你的权限内");
    }
    if (reachable.size() > 1) {
      return new Found(null, "负责人「" + name + "」有重名，无法确定是哪一位");
    }
    return new Found(reachable.get(0), null);
  }
}
