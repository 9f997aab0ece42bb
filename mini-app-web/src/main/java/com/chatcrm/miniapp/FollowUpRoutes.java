package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A customer's follow-ups: its timeline, page by page, and logging one. */
final class FollowUpRoutes {

  private final FollowUpService followUps;

  FollowUpRoutes(Engine engine) {
    this.followUps = engine.followUps();
  }

  void addTo(Operations operations) {
    operations.on(
        "timeline",
        200,
        c ->
            followUps
                .timeline(c.actor(), c.id(), c.query("cursor"), c.queryInt("limit", 20))
                .map(p -> Views.page(Views.all(p.items(), Views::followUp), p.nextCursor())));
    operations.on("logFollowUp", 201, this::logFollowUp);
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
    return followUps.log(c.actor(), input).map(Views::followUp);
  }
}
