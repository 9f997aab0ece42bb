package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityBoard;
import com.chatcrm.engine.opportunity.OpportunityChanges;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.opportunity.StageService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/**
 * Opportunities: a customer's, creating one on a customer, editing one, the board by stage, moving
 * one to another stage and losing one with a reason; and the stages to choose from.
 */
final class OpportunityRoutes {

  private final OpportunityService opportunities;
  private final OpportunityBoard board;
  private final StageService stages;

  OpportunityRoutes(Engine engine) {
    this.opportunities = engine.opportunities();
    this.board = engine.board();
    this.stages = engine.stages();
  }

  void addTo(Operations operations) {
    operations.on(
        "customerOpportunities",
        200,
        c ->
            opportunities
                .listForCustomer(c.actor(), c.id())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::opportunity))));
    operations.on("createOpportunity", 201, this::create);
    operations.on("updateOpportunity", 200, this::update);
    operations.on(
        "loseOpportunity",
        200,
        c ->
            opportunities
                .lose(c.actor(), c.id(), c.bodyInt("version"), c.body().getString("reason"))
                .map(Views::opportunity));
    operations.on(
        "listStages",
        200,
        c ->
            stages
                .list(c.actor())
                .map(l -> new JsonObject().put("items", Views.all(l, Views::stage))));
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

  // The owner is always the user: handing a deal to someone else is a transfer, not part of
  // creating.
  private Future<Object> create(Call c) {
    JsonObject b = c.body();
    NewOpportunity input =
        new NewOpportunity(
            c.id(),
            b.getString("name"),
            c.bodyMoney("amount"),
            c.bodyDay("expectedClose"),
            c.bodyLong("stageId"),
            null,
            null);
    return opportunities.create(c.actor(), input).map(Views::opportunity);
  }

  private Future<Object> update(Call c) {
    JsonObject b = c.body();
    OpportunityChanges changes =
        OpportunityChanges.none().name(b.getString("name")).amount(c.bodyMoney("amount"));
    // an explicit null clears the date; an absent one leaves it
    if (b.containsKey("expectedClose")) {
      LocalDate day = c.bodyDay("expectedClose");
      changes = day == null ? changes.noExpectedClose() : changes.expectedClose(day);
    }
    return opportunities
        .update(c.actor(), c.id(), c.bodyInt("version"), changes)
        .map(Views::opportunity);
  }
}
