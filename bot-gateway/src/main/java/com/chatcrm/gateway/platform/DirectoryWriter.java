package com.chatcrm.gateway.platform;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a company directory, as a platform listed it, into the engine as the system: departments
 * parents first, then the members, then each department's managers. Every step is an upsert, so a
 * repeated sync changes nothing.
 */
public final class DirectoryWriter {

  /** One department; {@code parentId} null for a root. */
  public record Department(String id, String name, String parentId) {}

  /**
   * The whole directory.
   *
   * @param departments parents before their children
   * @param managers department id to the user ids that lead it
   */
  public record Snapshot(
      List<Department> departments, List<OrgUser> users, Map<String, List<String>> managers) {}

  /** What a sync did, for the log and the admin who asked for it. */
  public record Result(int departments, int users) {}

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWriter.class);

  private final OrgService org;
  private final String platform;

  /**
   * @param platform the platform's id, e.g. {@code "wecom"}: the audit log's and log's name for it
   */
  public DirectoryWriter(OrgService org, String platform) {
    this.org = org;
    this.platform = platform;
  }

  public Future<Result> write(long tenantId, Snapshot snapshot) {
    Actor system = Actor.system(tenantId, platform + "-directory-sync");
    Future<Void> chain = Future.succeededFuture();
    for (Department d : snapshot.departments()) {
      chain =
          chain.compose(
              v -> org.upsertDepartment(system, d.id(), d.name(), d.parentId()).mapEmpty());
    }
    for (OrgUser user : snapshot.users()) {
      chain = chain.compose(v -> org.upsertUser(system, user).mapEmpty());
    }
    for (Department d : snapshot.departments()) {
      List<String> managers = snapshot.managers().getOrDefault(d.id(), List.of());
      chain = chain.compose(v -> org.setManagers(system, d.id(), managers));
    }
    return chain
        .map(v -> new Result(snapshot.departments().size(), snapshot.users().size()))
        .onSuccess(
            r ->
                LOG.info(
                    "{} directory of tenant {} synced: {} departments, {} users",
                    platform,
                    tenantId,
                    r.departments(),
                    r.users()));
  }
}
