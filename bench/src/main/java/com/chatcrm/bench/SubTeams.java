package com.chatcrm.bench;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enough managers for scenario 6: the generator makes 22 (director, 4 regions, 16-17 sales groups),
 * the issue asks for 200 reports. Each 销售组 is split into sub-teams of {@value #TEAM_SIZE} reps, its
 * first rep leading it, through {@link OrgService} as the directory sync would do it: the reps move
 * into the sub-team (still under their group and region, so every existing manager keeps the same
 * people). Done once per dataset and recorded in {@code bench_subteams}, so later runs reuse the
 * teams.
 */
final class SubTeams {

  static final int TEAM_SIZE = 10;

  private SubTeams() {}

  /** Makes the sub-teams unless an earlier run did; answers how many sub-teams there are. */
  static int ensure(InProcessEngine engine, BigDataset data) throws Exception {
    try (Connection c = BenchDatabase.connect(engine.location());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS bench_subteams (size text PRIMARY KEY, teams integer NOT NULL,"
              + " created_at timestamptz NOT NULL DEFAULT now())");
      try (ResultSet rs =
          s.executeQuery("SELECT teams FROM bench_subteams WHERE size = '" + data.size() + "'")) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
    }
    System.out.println(
        "bench:   splitting the 销售组 into sub-teams of " + TEAM_SIZE + " (once per dataset)");
    Map<String, List<OrgUser>> groups = groupReps(engine, data);
    Actor system = Actor.system(data.tenantId(), "bench-subteams");
    OrgService org = new OrgService(engine.pool());
    int teams = 0;
    for (Map.Entry<String, List<OrgUser>> g : groups.entrySet()) {
      List<OrgUser> reps = g.getValue();
      for (int from = 0, k = 1; from < reps.size(); from += TEAM_SIZE, k++) {
        List<OrgUser> team = reps.subList(from, Math.min(reps.size(), from + TEAM_SIZE));
        String teamId = g.getKey() + "-t" + k;
        engine.await(org.upsertDepartment(system, teamId, "第" + k + "小队", g.getKey()));
        List<Future<Long>> moved = new ArrayList<>();
        for (OrgUser u : team) {
          moved.add(
              org.upsertUser(
                  system,
                  new OrgUser(
                      u.platformUserId(),
                      u.name(),
                      u.mobile(),
                      u.email(),
                      u.role(),
                      List.of(teamId))));
        }
        engine.await(Future.all(moved));
        engine.await(org.setManagers(system, teamId, List.of(team.get(0).platformUserId())));
        teams++;
      }
    }
    try (Connection c = BenchDatabase.connect(engine.location());
        PreparedStatement p =
            c.prepareStatement("INSERT INTO bench_subteams (size, teams) VALUES (?, ?)")) {
      p.setString(1, data.size());
      p.setInt(2, teams);
      p.executeUpdate();
    }
    return teams;
  }

  /** The reps (not the leads) of every group department, by the group's platform id. */
  private static Map<String, List<OrgUser>> groupReps(InProcessEngine engine, BigDataset data)
      throws Exception {
    String sql =
        """
        SELECT d.platform_dept_id, u.platform_user_id, u.name, u.mobile, u.email, u.role
          FROM department d
          JOIN user_department ud ON ud.tenant_id = d.tenant_id AND ud.department_id = d.id
          JOIN crm_user u ON u.tenant_id = ud.tenant_id AND u.id = ud.user_id
         WHERE d.tenant_id = ? AND d.platform_dept_id ~ '^r[0-9]+-g[0-9]+$' AND u.active AND u.role = 'rep'
           AND NOT EXISTS (SELECT 1 FROM department_manager dm WHERE dm.tenant_id = d.tenant_id AND dm.user_id = u.id)
         ORDER BY d.platform_dept_id, u.id
        """;
    Map<String, List<OrgUser>> out = new LinkedHashMap<>();
    try (Connection c = BenchDatabase.connect(engine.location());
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, data.tenantId());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new OrgUser(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      List.of()));
        }
      }
    }
    return out;
  }
}
