package com.chatcrm.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario measured: figures (with targets) and notes for the report (how, why a target is
 * missed).
 */
public final class ScenarioResult {

  private final String id;
  private final String title;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public ScenarioResult(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public static ScenarioResult of(Scenario s) {
    return new ScenarioResult(s.id(), s.title());
  }

  public ScenarioResult figure(Figure f) {
    figures.add(f);
    return this;
  }

  public ScenarioResult info(String name, String value) {
    return figure(Figure.info(name, value));
  }

  public ScenarioResult target(String name, String value, String target, boolean met) {
    return figure(Figure.target(name, value, target, met));
  }

  /** A paragraph of markdown under the scenario's table. */
  public ScenarioResult note(String markdown) {
    notes.add(markdown);
    return this;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** True when every figure with a target meets it. */
  public boolean allMet() {
    return figures.stream().allMatch(f -> f.met() == null || f.met());
  }

  public JsonObject toJson() {
    JsonArray fs = new JsonArray();
    figures.forEach(
        f ->
            fs.add(
                new JsonObject()
                    .put("name", f.name())
                    .put("value", f.value())
                    .put("target", f.target())
                    .put("met", f.met())));
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("figures", fs)
        .put("notes", new JsonArray(notes));
  }

  public static ScenarioResult fromJson(JsonObject j) {
    ScenarioResult r = new ScenarioResult(j.getString("id"), j.getString("title"));
    for (Object o : j.getJsonArray("figures", new JsonArray())) {
      JsonObject f = (JsonObject) o;
      r.figure(
          new Figure(
              f.getString("name"),
              f.getString("value"),
              f.getString("target", ""),
              f.getBoolean("met")));
    }
    for (Object n : j.getJsonArray("notes", new JsonArray())) {
      r.note((String) n);
    }
    return r;
  }
}
