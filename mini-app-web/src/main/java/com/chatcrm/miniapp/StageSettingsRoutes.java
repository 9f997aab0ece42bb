package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.opportunity.Stage;
import com.chatcrm.engine.opportunity.StageService;
import com.chatcrm.engine.settings.AdminRoles;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The 设置 page's 商机阶段: every stage with its win rate and order, and an admin's changes to them (add,
 * rename, re-weight, reorder, remove, bring back). The engine refuses anyone but an admin and keeps
 * the funnel caches fresh.
 */
final class StageSettingsRoutes {

  private final StageService stages;
  private final AdminRoles admins;

  StageSettingsRoutes(Engine engine) {
    this.stages = engine.stages();
    this.admins = engine.adminRoles();
  }

  void addTo(Operations operations) {
    operations.on(
        "listStageSettings",
        200,
        c ->
            admins
                .requireAdmin(c.actor())
                .compose(v -> stages.listAll(c.actor()))
                .map(StageSettingsRoutes::items));
    operations.on(
        "addStage",
        201,
        c ->
            stages
                .add(c.actor(), c.body().getString("name"), c.bodyInt("probability"))
                .map(StageSettingsRoutes::stage));
    operations.on(
        "updateStage",
        200,
        c ->
            stages
                .update(c.actor(), c.id(), c.body().getString("name"), c.bodyInt("probability"))
                .map(StageSettingsRoutes::stage));
    operations.on(
        "removeStage",
        200,
        c ->
            stages
                .remove(c.actor(), c.id())
                .map(r -> new JsonObject().put("result", r.name().toLowerCase(Locale.ROOT))));
    operations.on(
        "activateStage",
        200,
        c -> stages.activate(c.actor(), c.id()).map(StageSettingsRoutes::stage));
    operations.on(
        "reorderStages",
        200,
        c -> {
          List<Long> ids = new ArrayList<>();
          for (Object id : c.body().getJsonArray("stageIds")) {
            if (!(id instanceof Integer || id instanceof Long)) {
              throw InvalidInput.field("stageIds", "应为阶段 id 的列表");
            }
            ids.add(((Number) id).longValue());
          }
          return stages.reorder(c.actor(), ids).map(StageSettingsRoutes::items);
        });
  }

  private static JsonObject items(List<Stage> list) {
    return new JsonObject().put("items", Views.all(list, StageSettingsRoutes::stage));
  }

  private static JsonObject stage(Stage s) {
    return Views.stage(s).put("active", s.active());
  }
}
