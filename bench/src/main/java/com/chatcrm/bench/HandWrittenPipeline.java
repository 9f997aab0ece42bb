package com.chatcrm.bench;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 4's baseline: the funnel's numbers (every open stage now and at the end of the previous
 * period, won and lost in both periods) from one hand-written statement, run through
 * vertx-pg-client with nothing around it: no access resolution, no transaction, no tenant lookup.
 */
final class HandWrittenPipeline {

  static final String SQL = SqlResource.load("pipeline-summary-hand-written.sql");

  private final Pool pool;

  HandWrittenPipeline(Pool pool) {
    this.pool = pool;
  }

  /**
   * One line per open stage ("stage <id>: ...") then "lost: ..." and "won: ...", each "<now> |
   * <then>" with count, amount and weighted amount: the shape {@link PipelineSummaryScenario#lines}
   * gives the engine's.
   */
  Future<List<String>> numbers(
      long tenantId,
      OffsetDateTime asOf,
      OffsetDateTime previousAsOf,
      Long[] owners,
      OffsetDateTime previousFrom,
      OffsetDateTime from,
      OffsetDateTime to) {
    return pool.preparedQuery(SQL)
        .execute(args(tenantId, asOf, previousAsOf, owners, previousFrom, from, to))
        .map(
            rows -> {
              List<String> out = new ArrayList<>();
              for (Row r : rows) {
                String kind = r.getString("kind");
                out.add(
                    ("stage".equals(kind) ? "stage " + r.getLong("id") : kind)
                        + ": "
                        + figures(
                            r.getLong("count_now"),
                            r.getBigDecimal("amount_now"),
                            r.getBigDecimal("weighted_now"))
                        + " | "
                        + figures(
                            r.getLong("count_then"),
                            r.getBigDecimal("amount_then"),
                            r.getBigDecimal("weighted_then")));
              }
              return out;
            });
  }

  static Tuple args(
      long tenantId,
      OffsetDateTime asOf,
      OffsetDateTime previousAsOf,
      Long[] owners,
      OffsetDateTime previousFrom,
      OffsetDateTime from,
      OffsetDateTime to) {
    return Tuple.from(new Object[] {tenantId, asOf, previousAsOf, owners, previousFrom, from, to});
  }

  static String figures(long count, BigDecimal amount, BigDecimal weighted) {
    return count
        + " "
        + amount.setScale(2).toPlainString()
        + " "
        + weighted.setScale(2).toPlainString();
  }
}
