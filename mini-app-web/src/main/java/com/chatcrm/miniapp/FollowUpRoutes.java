package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.followup.FollowUp;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.followup.NewVisit;
import com.chatcrm.engine.followup.TeamVisits;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A customer's follow-ups: its timeline, page by page, logging one and correcting one's own; 拜访签到
 * and the team's visits by day.
 */
final class FollowUpRoutes {

  private final FollowUpService followUps;
  private final TenantService tenants;
  private final Clock clock;
  private final String mapTileUrl;

  FollowUpRoutes(Engine engine, MiniAppConfig config) {
    this.followUps = engine.followUps();
    this.tenants = engine.tenants();
    this.clock = engine.clock();
    this.mapTileUrl = config.mapTileUrl();
  }

  void addTo(Operations operations) {
    operations.on(
        "timeline",
        200,
        c ->
            followUps
                .timeline(c.actor(), c.id(), c.query("cursor"), c.queryInt("limit", 20))
                .map(p -> Views.page(Views.all(p.items(), f -> view(c, f)), p.nextCursor())));
    operations.on("logFollowUp", 201, this::logFollowUp);
    operations.on(
        "editFollowUp",
        200,
        c ->
            followUps
                .edit(
                    c.actor(), c.id(), c.body().getString("content"), c.body().getString("method"))
                .map(f -> view(c, f)));
    operations.on("checkIn", 201, this::checkIn);
    operations.on("teamVisits", 200, this::teamVisits);
  }

  /** With {@code canEdit}: the engine's word on whether the page offers 编辑 on it. */
  private JsonObject view(Call c, FollowUp f) {
    return Views.followUp(f).put("canEdit", followUps.canEdit(c.actor(), f));
  }

  private Future<Object> logFollowUp(Call c) {
    JsonObject b = c.body();
    NewFollowUp input =
        new NewFollowUp(
            c.id(),
            c.bodyLong("opportunityId"),
            b.getString("method", "other"),
            b.getString("content"),
            c.instant("happenedAt"),
            b.getString("nextStep"),
            c.instant("nextFollowUpAt"));
    return followUps.log(c.actor(), input).map(f -> view(c, f));
  }

  private Future<Object> checkIn(Call c) {
    JsonObject b = c.body();
    NewVisit visit =
        new NewVisit(
            b.getDouble("latitude"),
            b.getDouble("longitude"),
            b.getDouble("accuracy"),
            b.getString("place"),
            b.getString("address"),
            b.getString("note"));
    return followUps.checkIn(c.actor(), c.id(), visit).map(f -> view(c, f));
  }

  /** The days asked, both counted; by default today in the company's time zone. */
  private Future<Object> teamVisits(Call c) {
    return tenants
        .get(c.actor().tenantId())
        .compose(
            tenant -> {
              LocalDate today = LocalDate.now(clock.withZone(tenant.timeZone()));
              LocalDate from = day("from", c.query("from"), today);
              LocalDate to = day("to", c.query("to"), from);
              return followUps
                  .teamVisits(c.actor(), new TeamVisits.Query(from, to, c.queryLong("userId")))
                  .map(
                      r ->
                          new JsonObject()
                              .put("timeZone", tenant.timeZone().getId())
                              .put("from", from.toString())
                              .put("to", to.toString())
                              .put("items", Views.all(r.items(), Views::followUp))
                              .put("more", r.more())
                              // the page draws a map only when a tile source is configured
                              .put("mapTileUrl", mapTileUrl));
            });
  }

  private static LocalDate day(String field, String text, LocalDate fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw InvalidInput.field(field, "应为日期，例如 2026-12-31");
    }
  }
}
