package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kanban (商机看板): the actor's visible opportunities per active stage, open ones plus those won
 * or lost in the last 30 days, with each column's count and amount. Visible means what {@link
 * OpportunityRules#canRead} allows: owned by someone the actor sees, or on a customer the actor
 * works.
 */
public final class OpportunityBoard {

  /** Cards per column at most; a column says when it holds more. */
  public static final int MAX_CARDS = 200;

  /**
   * One column: the stage, its cards (most recently touched first), and totals over all of them.
   */
  public record Column(Stage stage, List<Opportunity> cards, long count, BigDecimal amount) {}

  static final String BOARD =
      "SELECT "
          + OpportunitySql.COLUMNS
          + ", count(*) OVER (PARTITION BY o.stage_id) AS column_count,"
          + " sum(o.amount) OVER (PARTITION BY o.stage_id) AS column_amount,"
          + " row_number() OVER (PARTITION BY o.stage_id ORDER BY o.updated_at DESC, o.id DESC) AS rn"
          + OpportunitySql.FROM
          + " WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND c.deleted_at IS NULL AND s.active"
          + " AND (o.status = 'open' OR o.closed_at > now() - interval '30 days')"
          + " AND ($2 OR o.owner_id = ANY($3)"
          + "      OR (NOT c.in_pool AND (c.owner_id = ANY($3) OR EXISTS (SELECT 1 FROM customer_collaborator cc"
          + "          WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id AND cc.user_id = $4))))";

  private final Pool pool;
  private final StageService stages;

  public OpportunityBoard(Pool pool) {
    this(pool, new StageService(pool));
  }

  public OpportunityBoard(Pool pool, StageService stages) {
    this.pool = pool;
    this.stages = stages;
  }

  /** Every active stage in order, each with the actor's visible cards. */
  public Future<List<Column>> board(Actor actor) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                stages
                    .list(actor)
                    .compose(
                        active ->
                            pool.preparedQuery("SELECT * FROM (" + BOARD + ") b WHERE rn <= $5")
                                .execute(
                                    Tuple.of(
                                        actor.tenantId(),
                                        access.seesEverything(),
                                        access.visibleOwnerArray(),
                                        actor.userId(),
                                        MAX_CARDS))
                                .map(
                                    rows -> {
                                      Map<Long, List<Opportunity>> cards = new LinkedHashMap<>();
                                      Map<Long, Long> counts = new LinkedHashMap<>();
                                      Map<Long, BigDecimal> amounts = new LinkedHashMap<>();
                                      for (Row r : rows) {
                                        long stageId = r.getLong("stage_id");
                                        cards
                                            .computeIfAbsent(stageId, k -> new ArrayList<>())
                                            .add(OpportunityRows.opportunity(r));
                                        counts.put(stageId, r.getLong("column_count"));
                                        amounts.put(stageId, r.getBigDecimal("column_amount"));
                                      }
                                      List<Column> columns = new ArrayList<>();
                                      for (Stage s : active) {
                                        columns.add(
                                            new Column(
                                                s,
                                                List.copyOf(cards.getOrDefault(s.id(), List.of())),
                                                counts.getOrDefault(s.id(), 0L),
                                                amounts.getOrDefault(s.id(), BigDecimal.ZERO)));
                                      }
                                      return columns;
                                    })));
  }
}
