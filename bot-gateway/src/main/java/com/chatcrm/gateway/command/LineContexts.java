package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.language.CustomerLinker;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** What a line is read against: the tenant's time and stages, and the customers it names. */
final class LineContexts {

  private final Clock clock;
  private final TenantService tenants;
  private final StageService stages;
  private final CustomerLinks links;

  LineContexts(Engine engine, CustomerLinks links) {
    this.clock = engine.clock();
    this.tenants = engine.tenants();
    this.stages = engine.stages();
    this.links = links;
  }

  /** The context of one line: the tenant's time and stages, and the customers the line names. */
  Future<Context> of(Actor actor, Instant at, List<String> mentioned, String text) {
    return timeAndStages(actor, at, mentioned)
        .compose(
            ctx ->
                links
                    .forLine(actor, text)
                    .map(linker -> new Context(ctx.now(), ctx.stageList(), ctx.at(), linker)));
  }

  private Future<Context> timeAndStages(Actor actor, Instant at, List<String> mentioned) {
    return tenants
        .get(actor.tenantId())
        .compose(
            t ->
                stages
                    .list(actor)
                    .map(
                        list -> {
                          ZoneId zone =
                              t.timeZone() == null ? ZoneId.of("Asia/Shanghai") : t.timeZone();
                          return new Context(
                              (at == null ? clock.instant() : at).atZone(zone),
                              list,
                              mentioned,
                              CustomerLinker.NONE);
                        }));
  }
}
