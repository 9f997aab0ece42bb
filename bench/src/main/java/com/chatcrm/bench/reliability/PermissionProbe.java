package com.chatcrm.bench.reliability;

import com.chatcrm.bench.BenchDatabase;
import com.chatcrm.engine.db.DatabaseLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The permissions probe of the reliability suite: randomized mini-app API requests across users,
 * roles and tenants of a running sandbox service, each answer checked against {@link
 * PermissionOracle}, an account of the product's rule kept apart from the engine's own checks. A
 * leak is any sign of a record the user may not see (its data, or an answer that differs from a
 * missing id's); a wrong write is a refused write that changed the database. Requests go one at a
 * time, so each before/after comparison belongs to one request.
 */
public final class PermissionProbe {

  /** markdown: the finished block for docs/reliability.md (without the marker lines). */
  public record Result(
      int requests, int leaks, int wrongWrites, java.util.List<String> examples, String markdown) {}

  private PermissionProbe() {}

  /**
   * baseUrl: http://127.0.0.1:PORT of a running dev-profile (sandbox) service; databaseUrl: its
   * database as postgresql://user@host:port/db; seed: for the random choices.
   */
  public static Result run(String baseUrl, String databaseUrl, int requests, long seed)
      throws Exception {
    DatabaseLocation location = DatabaseLocation.fromUrl(databaseUrl);
    try (Connection db = BenchDatabase.connect(location)) {
      List<ProbeUser> users = users(db);
      if (users.isEmpty()) {
        throw new IllegalStateException(
            "no sandbox members in "
                + location.describe()
                + ": is it a dev-profile service's database?");
      }
      String fixtures = ProbeFixtures.prepare(db, users, seed);
      PermissionOracle oracle = new PermissionOracle(db, users);
      ProbeTally tally = new ProbeTally();
      AnswerJudge judge =
          new AnswerJudge(
              new ProbeClient(baseUrl),
              oracle,
              new RowFingerprints(db),
              new ListAnswerCheck(db, oracle, users),
              tally);
      ApiRequestGenerator generator = new ApiRequestGenerator(db, seed, users, oracle);
      long started = System.nanoTime();
      for (int i = 0; i < requests; i++) {
        judge.judge(generator.next());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      return new Result(
          tally.requests(),
          tally.leaks(),
          tally.wrongWrites(),
          tally.examples(),
          tally.markdown(seed, took, users, oracle, fixtures));
    }
  }

  /** Every active member of every company on the database (the sandbox's two). */
  private static List<ProbeUser> users(Connection db) throws java.sql.SQLException {
    List<ProbeUser> out = new ArrayList<>();
    try (PreparedStatement s =
            db.prepareStatement(
                """
        SELECT u.tenant_id, u.id, u.platform_user_id, u.name, u.role = 'admin', t.platform, t.corp_id
          FROM crm_user u JOIN tenant t ON t.tenant_id = u.tenant_id WHERE u.active ORDER BY u.tenant_id, u.id""");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(
            new ProbeUser(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBoolean(5),
                rs.getString(6),
                rs.getString(7)));
      }
    }
    return out;
  }

  /**
   * {@code PermissionProbe <baseUrl> <databaseUrl> [requests] [seed]}: prints the Markdown block.
   */
  public static void main(String[] args) throws Exception {
    Result r =
        run(
            args[0],
            args[1],
            args.length > 2 ? Integer.parseInt(args[2]) : 10_000,
            args.length > 3 ? Long.parseLong(args[3]) : 21L);
    System.out.println(r.markdown());
  }
}
