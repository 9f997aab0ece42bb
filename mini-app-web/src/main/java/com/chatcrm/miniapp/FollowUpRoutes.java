package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.followup.FollowUp;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A customer's follow-ups: its timeline, page by page, logging one and correcting one's own. */
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
}
