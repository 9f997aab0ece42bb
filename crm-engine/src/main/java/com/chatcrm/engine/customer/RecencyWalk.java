package com.chatcrm.engine.customer;

import java.util.List;

/**
 * A rank of the search found by walking the recency index instead of by its own index. A common
 * pinyin or pair of initials (hongyu: 12,884 customers of a million; lx: 17,247) has thousands of
 * hits, and its trigram or bigram lookup reads each of them, and the index's false hits, from the
 * heap for their recency (12,000-19,000 pages, 100-500 ms from the OS cache). Such a rank has a
 * page of hits among the tenant's first few thousand customers by recency, and V31's recency index
 * carries the initials, the pinyin, the owner and the pool, so those are tested without reading a
 * customer.
 *
 * <p>First the tenant's {@link #SAMPLE} most recent customers are counted for each such rank; a
 * rank whose share there puts a page within the walk is walked, the others looked up as before. The
 * walk stops at a page of hits or after {@link #WALK} of the tenant's customers. A page found is
 * the lookup's answer, order included: both are the rank's first hits by recency. Otherwise the
 * lookup runs after all, so nothing changes but the cost.
 */
final class RecencyWalk {

  /** How many of the tenant's most recent customers are counted before walking. */
  static final int SAMPLE = 5_000;

  /**
   * How many of the tenant's customers a walk reads at most, index entries only: a rank in 0.05% of
   * them (a region manager's share of a pinyin in 0.35% of the names) has a page within 40,000.
   */
  static final int WALK = 40_000;

  static final RecencyWalk DEFAULT = new RecencyWalk(SAMPLE, WALK);

  private static final String COLUMNS =
      "SELECT c.id, c.owner_id, c.in_pool, c.name_initials, c.name_pinyin FROM customer c"
          + " WHERE c.tenant_id = $1 AND c.deleted_at IS NULL"
          + " ORDER BY c.last_follow_up_at DESC NULLS LAST, c.id DESC LIMIT ";

  private final int sample;
  private final int walk;

  /** Tests pass a sample of 0 to walk every walkable rank, and a short walk to fall back. */
  RecencyWalk(int sample, int walk) {
    this.sample = sample;
    this.walk = walk;
  }

  /**
   * Counts each test's visible hits among the sample, as k0, k1, ..., the visible customers among
   * them and the customers sampled.
   */
  String sample(List<String> tests, String scopeSql, String typedParameters) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int k = 0; k < tests.size(); k++) {
      sql.append("count(*) FILTER (WHERE ").append(scopeSql).append(" AND (");
      sql.append(tests.get(k)).append(")) AS k").append(k).append(", ");
    }
    return sql.append("count(*) FILTER (WHERE ")
        .append(scopeSql)
        .append(") AS visible, count(*) AS sampled")
        .append(typedParameters)
        .append(" FROM (")
        .append(COLUMNS)
        .append(sample)
        .append(") c")
        .toString();
  }

  /**
   * Whether to walk for a rank with these hits among the sample: when a page is expected within the
   * walk, and the walk is expected to cost less than the lookup. The lookup reads each of the
   * rank's hits in the tenant from the heap, about 7 µs each from the OS cache, the walk about 0.4
   * µs per index entry; for a tenant of a million customers and a sample of 5,000 the walk is the
   * cheaper from about sqrt(1.5 x page x the actor's share of the customers) hits in the sample (6
   * for an admin's page of 20, 3 for a region manager seeing 14%). A sample of 0 (tests) always
   * walks.
   */
  boolean pays(long hits, long visible, long sampled, int page) {
    if (sample == 0) {
      return true;
    }
    if (sampled == 0 || hits * walk < (long) page * sampled) {
      return false;
    }
    return hits * hits * sampled >= 1.5 * page * visible;
  }

  /** The walk for rank i, with the search's scope and the rank's test on the index's columns. */
  String cte(int rank, String scopeSql, String test) {
    return "walk"
        + rank
        + " AS MATERIALIZED (SELECT c.id FROM ("
        + COLUMNS
        + walk
        + ") c WHERE "
        + scopeSql
        + " AND ("
        + test
        + ") LIMIT $10)";
  }

  /** True when the walk for rank i found less than a page: its lookup is needed then. */
  static String shortOf(int rank) {
    return "(SELECT count(*) FROM walk" + rank + ") < $10";
  }

  /** The WITH clause of the walks, empty for none. */
  static String with(List<String> walks) {
    return walks.isEmpty() ? "" : "WITH " + String.join(", ", walks) + " ";
  }
}
