package com.chatcrm.engine.report;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.ZoneId;

/**
 * Whose work a report page counts for a scope, and the tenant's time zone: ME the actor, TEAM the
 * people they see (a rep: only themselves), TENANT everyone (admins only, else {@link Forbidden}).
 *
 * @param everyone the whole tenant; {@code owners} is then not consulted
 */
record ReportAudience(Access access, ZoneId zone, boolean everyone, Long[] owners) {

  static Future<ReportAudience> resolve(
      Pool pool, TenantService tenants, Actor actor, PipelineScope scope) {
    return Future.all(tenants.get(actor.tenantId()), AccessResolver.resolve(pool, actor))
        .compose(
            both -> {
              ZoneId zone = both.<Tenant>resultAt(0).timeZone();
              Access access = both.resultAt(1);
              if (scope == PipelineScope.TENANT && !access.seesEverything()) {
                return Future.failedFuture(new Forbidden("只有管理员可以查看全公司的报表"));
              }
              Long[] owners =
                  scope == PipelineScope.ME
                      ? new Long[] {access.userId()}
                      : access.visibleOwnerArray();
              return Future.succeededFuture(
                  new ReportAudience(access, zone, scope == PipelineScope.TENANT, owners));
            });
  }
}
