package com.chatcrm.bench.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a list, search or report may contain: only records the oracle lets the user see. Answers one
 * line per record that should not be there (empty when the answer is clean).
 */
final class ListAnswerCheck {

  private final Connection db;
  private final PermissionOracle oracle;
  private final List<ProbeUser> users;

  ListAnswerCheck(Connection db, PermissionOracle oracle, List<ProbeUser> users) {
    this.db = db;
    this.oracle = oracle;
    this.users = users;
  }

  List<String> leaks(ProbeRequest r, JsonObject answer) throws SQLException {
    ProbeUser u = r.user();
    List<String> out = new ArrayList<>();
    switch (r.op()) {
      case LIST_CUSTOMERS, SEARCH -> {
        for (JsonObject item : items(answer.getJsonArray("items"))) {
          PermissionOracle.CustomerFacts c = oracle.customer(item.getLong("id"));
          if (!oracle.mayRead(u, c)) {
            out.add(
                "customer "
                    + item.getLong("id")
                    + " 「"
                    + item.getString("name")
                    + "」 of "
                    + (c == null ? "nobody" : c.ownerName() + ", tenant " + c.tenantId()));
          }
        }
      }
      case POOL -> {
        for (JsonObject item : items(answer.getJsonArray("items"))) {
          PermissionOracle.CustomerFacts c = oracle.customer(item.getLong("id"));
          if (c == null || c.tenantId() != u.tenantId() || !c.inPool()) {
            out.add(
                "pool item "
                    + item.getLong("id")
                    + " 「"
                    + item.getString("name")
                    + "」 is "
                    + (c == null
                        ? "no customer"
                        : "tenant " + c.tenantId() + "'s, in pool " + c.inPool()));
          }
        }
      }
      case BOARD -> {
        for (JsonObject column : items(answer.getJsonArray("columns"))) {
          for (JsonObject card : items(column.getJsonArray("cards"))) {
            if (!oracle.maySeeOpportunity(u, oracle.opportunity(card.getLong("id")))) {
              out.add(
                  "deal "
                      + card.getLong("id")
                      + " 「"
                      + card.getString("name")
                      + "」 of "
                      + card.getString("ownerName")
                      + " on 「"
                      + card.getString("customerName")
                      + "」");
            }
          }
        }
      }
      case MY_REMINDERS -> {
        for (String part : List.of("overdue", "today", "upcoming")) {
          for (JsonObject item : items(answer.getJsonArray(part))) {
            PermissionOracle.ReminderFacts rem = oracle.reminder(item.getLong("id"));
            if (rem == null
                || rem.tenantId() != u.tenantId()
                || (rem.ownerId() != u.userId() && !oracle.seesOwner(u, rem.ownerId()))) {
              out.add(
                  "reminder "
                      + item.getLong("id")
                      + " 「"
                      + item.getString("text")
                      + "」 of user "
                      + (rem == null ? "?" : rem.ownerId()));
            }
          }
        }
      }
      case MENTIONS -> {
        for (JsonObject item : items(answer.getJsonArray("items"))) {
          PermissionOracle.MentionFacts m = oracle.mention(item.getLong("id"));
          if (m == null
              || m.tenantId() != u.tenantId()
              || (m.fromUserId() != u.userId() && m.toUserId() != u.userId())) {
            out.add(
                "mention "
                    + item.getLong("id")
                    + " 「"
                    + item.getString("text")
                    + "」 between others");
          }
        }
      }
      case ACTIVITY -> {
        for (JsonObject line : items(answer.getJsonArray("ranking"))) {
          if (!oracle.seesOwner(u, line.getLong("userId"))) {
            out.add("activity of user " + line.getLong("userId") + " " + line.getString("name"));
          }
        }
      }
      case TEAM -> {
        for (JsonObject m : items(answer.getJsonArray("items"))) {
          long id = m.getLong("id");
          if (users.stream().noneMatch(x -> x.userId() == id && x.tenantId() == u.tenantId())) {
            out.add("team member " + id + " " + m.getString("name") + " of another company");
          }
        }
      }
      case PIPELINE -> out.addAll(pipelineLeaks(r, answer));
      default -> throw new IllegalArgumentException(r.op() + " is not a list");
    }
    return out;
  }

  /**
   * A funnel is figures, not records: each count may not exceed the deals (of any date) of the
   * owners the scope covers and the user sees, so a tenant-wide funnel shown to a rep stands out.
   */
  private List<String> pipelineLeaks(ProbeRequest r, JsonObject answer) throws SQLException {
    ProbeUser u = r.user();
    boolean me = "me".equals(answer.getString("scope"));
    List<Long> owners =
        users.stream()
            .filter(x -> me ? x.userId() == u.userId() : oracle.seesOwner(u, x.userId()))
            .map(ProbeUser::userId)
            .toList();
    long all;
    long won;
    long lost;
    try (PreparedStatement s =
        db.prepareStatement(
            """
        SELECT count(*), count(*) FILTER (WHERE status = 'won'), count(*) FILTER (WHERE status = 'lost')
          FROM opportunity WHERE tenant_id = ? AND owner_id = ANY(?)""")) {
      s.setLong(1, u.tenantId());
      s.setArray(2, db.createArrayOf("bigint", owners.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        all = rs.getLong(1);
        won = rs.getLong(2);
        lost = rs.getLong(3);
      }
    }
    List<String> out = new ArrayList<>();
    over(out, "open", current(answer.getJsonObject("open")), all);
    over(out, "won", current(answer.getJsonObject("won")), won);
    over(out, "lost", current(answer.getJsonObject("lost")), lost);
    for (JsonObject stage : items(answer.getJsonArray("stages"))) {
      over(out, "stage " + stage.getString("name"), current(stage.getJsonObject("figures")), all);
    }
    return out;
  }

  private static void over(List<String> out, String what, long shown, long bound) {
    if (shown > bound) {
      out.add("funnel " + what + " counts " + shown + " deals, the user sees " + bound);
    }
  }

  private static long current(JsonObject comparison) {
    return comparison == null
        ? 0
        : comparison.getJsonObject("current", new JsonObject()).getLong("count", 0L);
  }

  private static List<JsonObject> items(JsonArray a) {
    List<JsonObject> out = new ArrayList<>();
    if (a != null) {
      for (int i = 0; i < a.size(); i++) {
        out.add(a.getJsonObject(i));
      }
    }
    return out;
  }
}
