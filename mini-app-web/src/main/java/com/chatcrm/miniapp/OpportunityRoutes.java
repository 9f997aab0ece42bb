package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.opportunity.OpportunityBoard;
import com.chatcrm.engine.opportunity.OpportunityService;
import io.vertx.core.json.JsonObject;

/** Opportunities: a customer's, the board by stage, and moving one to another stage. */
final class OpportunityRoutes {

  private final OpportunityService opportunities;
  private final OpportunityBoard board;

  OpportunityRoutes(Engine engine) {
    this.opportunities = engine.opportunities();
    this.board = engine.board();
  }

  void addTo(Operations operations) {
    operations.on(
        "customerOpportunities",
        200,
        c ->
            opportunities
                .listForCustomer(c.actor(), c.id())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::opportunity))));
    operations.on(
        "opportunityBoard",
        200,
        c ->
            board
                .board(c.actor())
                .map(cols -> new JsonObject().put("columns", Views.all(cols, Views::column))));
    operations.on(
        "moveStage",
        200,
        c ->
            opportunities
                .moveStage(c.actor(), c.id(), c.bodyInt("version"), c.bodyLong("stageId"))
                .map(Views::opportunity));
  }
}
