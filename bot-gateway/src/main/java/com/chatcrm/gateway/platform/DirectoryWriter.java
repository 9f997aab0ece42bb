package com.chatcrm.gateway.platform;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.transfer.LeaverHandovers;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a company directory, as a platform listed it, into the engine as the system: departments
 * parents first, then the members, then each department's managers; last, every active member the
 * listing no longer names is deactivated, and whoever of them still holds customers, open deals or
 * reminders is announced for 离职交接 ({@link LeaverHandovers}). Every step is an upsert or happens
 * once, so a repeated sync changes nothing.
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

  /**
   * What a sync did, for the log and the admin who asked for it.
   *
   * @param left members deactivated by this sync
   */
  public record Result(int departments, int users, int left) {}

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryWriter.class);

  private final OrgService org;
  private final LeaverHandovers handovers;
  private final String platform;

  /**
   * @param handovers who announces the leavers' hand-over; null announces nothing
   * @param platform the platform's id, e.g. {@code "wecom"}: the audit log's and log's name for it
   */
  public DirectoryWriter(OrgService org, LeaverHandovers handovers, String platform) {
    this.org = org;
    this.handovers = handovers;
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
        .compose(v -> leavers(system, snapshot))
        .map(left -> new Result(snapshot.departments().size(), snapshot.users().size(), left))
        .onSuccess(
            r ->
                LOG.info(
                    "{} directory of tenant {} synced: {} departments, {} users, {} left",
                    platform,
                    tenantId,
                    r.departments(),
                    r.users(),
                    r.left()));
  }

  /**
   * Deactivates the members the listing lacks and announces their hand-over. An empty listing
   * deactivates nobody: it is likelier an app whose visible scope was emptied than a company
   * without members.
   */
  private Future<Integer> leavers(Actor system, Snapshot snapshot) {
    if (snapshot.users().isEmpty()) {
      LOG.warn(
          "{} directory of tenant {} listed no members: nobody deactivated",
          platform,
          system.tenantId());
      return Future.succeededFuture(0);
    }
    return org.deactivateMissing(
            system, snapshot.users().stream().map(OrgUser::platformUserId).toList())
        .compose(
            left ->
                (handovers == null || left.isEmpty()
                        ? Future.succeededFuture(0)
                        : handovers.announce(system.tenantId(), left))
                    .map(told -> left.size()));
  }
}
