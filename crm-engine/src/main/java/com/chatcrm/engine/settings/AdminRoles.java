package com.chatcrm.engine.settings;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who is an admin of a company: admins list the members with their role and grant or revoke the
 * role; the company always keeps at least one admin. A role set here is marked {@code
 * role_set_in_app}, and the directory sync leaves it alone from then on (the channel settings'
 * {@code admins} list only seeds the roles of members no admin has set here).
 */
public final class AdminRoles {

  /** The refusal a rep or manager gets for anything on the settings page. */
  public static final String ADMINS_ONLY = "只有管理员可以查看和修改公司设置";

  /**
   * An active member as the settings page lists them.
   *
   * @param setInApp whether an admin set the role in the mini-app (the directory sync keeps it)
   */
  public record Member(
      long id, String name, List<String> departments, boolean admin, boolean setInApp) {}

  private final Pool pool;

  public AdminRoles(Pool pool) {
    this.pool = pool;
  }

  /** Succeeds for an admin (or the system), fails {@link Forbidden} for anyone else. */
  public Future<Void> requireAdmin(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                access.seesEverything()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new Forbidden(ADMINS_ONLY)));
  }

  /** The active members, admins first; for admins only. */
  public Future<List<Member>> members(Actor actor) {
    return requireAdmin(actor).compose(v -> members(pool, actor.tenantId(), null));
  }

  /** Makes an active member an admin; one already an admin is left as is. */
  public Future<Member> grant(Actor actor, long userId) {
    return setRole(actor, userId, true);
  }

  /**
   * Takes the admin role from a member; refused when they are the company's last active admin (an
   * admin may revoke themself only while another admin remains).
   */
  public Future<Member> revoke(Actor actor, long userId) {
    return setRole(actor, userId, false);
  }

  private Future<Member> setRole(Actor actor, long userId, boolean admin) {
    return AccessTransaction.asAdmin(
        pool,
        actor,
        "只有管理员可以设置管理员",
        tx ->
            tx.preparedQuery(SettingsSql.ADMINS_FOR_UPDATE)
                .execute(Tuple.of(actor.tenantId()))
                .compose(
                    rows -> {
                      List<Long> admins = new ArrayList<>();
                      rows.forEach(r -> admins.add(r.getLong("id")));
                      // revoked by another admin while this request waited for the lock
                      if (!actor.isSystem() && !admins.contains(actor.userId())) {
                        return Future.failedFuture(new Forbidden("只有管理员可以设置管理员"));
                      }
                      return tx.preparedQuery(SettingsSql.MEMBER_FOR_UPDATE)
                          .execute(Tuple.of(actor.tenantId(), userId))
                          .compose(
                              member -> {
                                if (member.size() == 0) {
                                  return Future.failedFuture(new NotFound("没有这位成员，或已离开公司"));
                                }
                                Row m = member.iterator().next();
                                boolean was = "admin".equals(m.getString("role"));
                                if (was == admin) {
                                  return members(tx, actor.tenantId(), userId).map(l -> l.get(0));
                                }
                                if (!admin && admins.size() <= 1) {
                                  return Future.failedFuture(
                                      lastAdmin(actor, userId, m.getString("name")));
                                }
                                return change(tx, actor, userId, was, admin);
                              });
                    }));
  }

  private static Conflict lastAdmin(Actor actor, long userId, String name) {
    String message =
        actor.userId() == userId
            ? "你是公司唯一的管理员，不能取消自己的管理员身份：请先把管理员授予另一位同事"
            : "「" + name + "」是公司唯一的管理员，不能取消：公司至少要有一位管理员";
    return new Conflict(message, new JsonObject().put("userId", userId).put("lastAdmin", true));
  }

  private static Future<Member> change(
      SqlClient tx, Actor actor, long userId, boolean was, boolean admin) {
    String from = was ? "admin" : "rep";
    String to = admin ? "admin" : "rep";
    return tx.preparedQuery(SettingsSql.SET_ROLE)
        .execute(Tuple.of(actor.tenantId(), userId, to))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    admin ? "grant_admin" : "revoke_admin",
                    "user",
                    userId,
                    new JsonObject().put("role", AuditLog.change(from, to))))
        .compose(v -> members(tx, actor.tenantId(), userId))
        .map(l -> l.get(0));
  }

  /** The active members, or only {@code userId} when given. */
  private static Future<List<Member>> members(SqlClient db, long tenantId, Long userId) {
    return db.preparedQuery(SettingsSql.MEMBERS)
        .execute(Tuple.of(tenantId, userId))
        .map(
            rows -> {
              List<Member> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Member(
                        r.getLong("id"),
                        r.getString("name"),
                        Arrays.asList(r.getArrayOfStrings("departments")),
                        "admin".equals(r.getString("role")),
                        r.getBoolean("role_set_in_app")));
              }
              return out;
            });
  }
}
