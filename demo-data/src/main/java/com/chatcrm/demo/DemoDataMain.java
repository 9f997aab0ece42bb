package com.chatcrm.demo;

import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;

/**
 * Command line: migrates a database and fills a demo tenant.
 *
 * <pre>
 * DemoDataMain postgresql://user:password@host:5432/database [full|medium|small|tiny] [seed] [corp-id]
 * </pre>
 *
 * Prints progress and a table of timings per step. Runs on {@code main}: the generator blocks.
 */
public final class DemoDataMain {

  private DemoDataMain() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 4) {
      System.err.println(
          "usage: DemoDataMain postgresql://user:password@host:port/database"
              + " [full|medium|small|tiny] [seed] [corp-id]");
      System.exit(2);
    }
    try {
      DatabaseLocation location = DatabaseLocation.fromUrl(args[0]);
      DemoSize size = DemoSize.named(args.length > 1 ? args[1] : "small");
      long seed = args.length > 2 ? Long.parseLong(args[2]) : 20_240_601L;
      String corpId = args.length > 3 ? args[3] : "demo-" + seed;
      System.out.println("Migrating " + location.describe());
      Migrations.migrate(location);
      System.out.println(
          "Generating " + size + " with seed " + seed + " as dingtalk corp " + corpId);
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool =
            PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4))
                .connectingTo(location.connectOptions())
                .using(vertx)
                .build();
        DemoDataGenerator generator =
            new DemoDataGenerator(
                pool, location, Clock.systemUTC(), DemoProgress.lines(System.out::println));
        DemoResult result = generator.generate("dingtalk", corpId, size, seed);
        System.out.println();
        System.out.printf(
            "Tenant %d, admin user %d; %s%n",
            result.tenantId(),
            result.adminId(),
            result.rebuiltIndexes()
                ? "indexes and foreign keys rebuilt after the load"
                : "indexes kept during the load");
        System.out.printf("%-34s %12s %9s %12s%n", "step", "rows", "seconds", "rows/s");
        for (DemoResult.Step s : result.steps()) {
          if (s.rows() == 0) {
            System.out.printf("%-34s %12s %9.1f%n", s.name(), "", s.elapsed().toMillis() / 1000.0);
          } else {
            System.out.printf(
                "%-34s %,12d %9.1f %,12d%n",
                s.name(), s.rows(), s.elapsed().toMillis() / 1000.0, s.rowsPerSecond());
          }
        }
        System.out.printf("%-34s %12s %9.1f%n", "total", "", result.total().toMillis() / 1000.0);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    } catch (RuntimeException e) {
      System.err.println("demo data failed: " + e.getMessage());
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }
}
