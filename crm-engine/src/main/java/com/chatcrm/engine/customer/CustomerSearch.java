package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds customers by Chinese substring (华为), pinyin or initials (huawei, hw) and phone suffix
 * (8888), ranked: exact name, name prefix, substring, initials, pinyin, phone; within a rank,
 * latest follow-up first. Searches only what the actor may see, or the pool.
 *
 * <p>A broad query (科技, hf) matches tens of thousands of customers; ranking every hit meant reading
 * each from the heap, seconds for a large tenant. Instead each rank of the score is taken apart:
 *
 * <ol>
 *   <li>The actor's {@link #WINDOW} most recently followed-up customers (or pool customers) are
 *       tested against every rank in one statement. A broad rank has a page of hits among them, and
 *       those are its most recent hits; an actor with fewer customers than that has all of them
 *       there. The first {@link #FIRST_WINDOW} are read first, then more only as far as a rank
 *       dense enough there needs.
 *   <li>Each rank that has fewer than a page there is looked up in its own index (the exact-name
 *       and prefix indexes of V14, the gram, trigram and initials indexes), its first page by
 *       recency. A pinyin or initials rank dense enough among the tenant's most recent customers is
 *       first walked for in the recency index, which carries both ({@link RecencyWalk}).
 *   <li>The page is the best of those candidates, by the score as before.
 * </ol>
 *
 * That is the page ranking every hit gives, order included: each rank's candidates hold only hits
 * of that rank or better, so a hit left out has a page of hits ahead of it. Nothing is traded for
 * speed but the cost of a rank whose hits are many in the tenant and few in the window: its lookup
 * reads each of them (a common pinyin; a region manager searching another region's city). Walking
 * the recency index instead would read the tenant to find nothing there. For a tenant holding most
 * of the customers a lookup leaves the tenant out of its GIN index condition ({@link
 * LargeTenants}): naming it read the tenant's whole posting tree. With more than {@link
 * #FEW_OWNERS} owners visible the lookups test the owner by hash alone ({@link
 * CustomerSql#VISIBLE_MANY}): planning owner_id = ANY($3) for each of them cost a region manager
 * more than running them. A name prefix 'q%' is looked up literally: % and _ in a query were
 * wildcards in the old prefix rank.
 */
public final class CustomerSearch {

  /** Where to look. */
  public enum Scope {
    /** Customers the actor may see: own, collaborating, managed subtree; all for admins. */
    VISIBLE,
    /** The customer pool (公海). */
    POOL
  }

  public static final int MAX_LIMIT = 100;

  /**
   * The score of an exact name, short name or alias: the first rank of {@link #SCORE}, above every
   * other.
   */
  public static final int EXACT_SCORE = 100;

  // $1 tenant, $2 admin, $3 owners, $4 user, $5 exact text, $6 like, $7 gram, $8 latin, $9 digits,
  // $10 limit,
  // $11 name prefix pattern
  private static final String SCORE =
      """
       CROSS JOIN LATERAL (SELECT CASE
           WHEN c.name = $5 OR c.short_name = $5 OR $5 = ANY(c.aliases) THEN 100
           WHEN c.name ILIKE $11 THEN 90
           WHEN c.search_text ILIKE $6 OR (length($7) <= 2 AND c.name_grams @> ARRAY[$7::text]) THEN 70
           WHEN c.name_initials = $8 THEN 65
           WHEN c.name_initials LIKE $8 || '%' THEN 60
           WHEN c.name_pinyin LIKE $8 || '%' THEN 55
           WHEN c.name_initials LIKE '%' || $8 || '%' THEN 52
           WHEN (' ' || c.phones_text || ' ') LIKE '%' || $9 || ' %' THEN 50
           WHEN c.name_pinyin LIKE '%' || $8 || '%' THEN 40
           ELSE 30 END AS score,
         CASE WHEN c.search_text ILIKE $6 OR (length($7) <= 2 AND c.name_grams @> ARRAY[$7::text]) THEN 'name'
              WHEN c.name_initials LIKE '%' || $8 || '%' THEN 'initials'
              WHEN c.name_pinyin LIKE '%' || $8 || '%' THEN 'pinyin'
              ELSE 'phone' END AS matched_on) s
      """;

  // Every parameter named with its type: a statement that leaves one unused (the pool scope uses no
  // owners, a
  // two-character query no like-pattern) is refused with "could not determine data type", and the
  // client then
  // prepares it a second time, on every call.
  private static final String TYPED_PARAMETERS =
      ", $2::boolean AS sees_all, $3::bigint[] AS owners,"
          + " $4::bigint AS asked_by, $5::text AS asked, $6::text AS asked_like, $7::text AS asked_gram,"
          + " $8::text AS latin, $9::text AS digits, $10::int AS page, $11::text AS asked_prefix";

  /**
   * How many of the actor's most recently followed-up customers are searched first. A kind of match
   * that has a page of hits among them needs no lookup of its own; 2,000 holds a page of a word in
   * 1% of names.
   */
  static final int WINDOW = 2000;

  /**
   * How many of them are searched before the rest. Most queries have a page of hits in neither, and
   * reading the whole window through the primary key was then half of a region manager's search;
   * more of the window is read only when a kind of match is dense enough there to fill a page in
   * all of it.
   */
  static final int FIRST_WINDOW = 500;

  /**
   * Up to this many visible owners a lookup may still go by the owner index
   * (CustomerSql.VISIBLE_MANY).
   */
  public static final int FEW_OWNERS = 16;

  private final Pool pool;
  private final int firstWindow;
  private final int window;
  private final LargeTenants largeTenants;
  private final int fewOwners;
  private final RecencyWalk walk;

  public CustomerSearch(Pool pool) {
    this(pool, FIRST_WINDOW, WINDOW, LargeTenants.of(pool), FEW_OWNERS, RecencyWalk.DEFAULT);
  }

  /**
   * With a window of a few customers, searched at once, tests take the lookups' path without
   * thousands.
   */
  CustomerSearch(Pool pool, int window) {
    this(pool, window, window, LargeTenants.of(pool), FEW_OWNERS, RecencyWalk.DEFAULT);
  }

  /**
   * Tests pass a share of 0 and no few owners to take the large tenant's and the many owners'
   * paths.
   */
  CustomerSearch(Pool pool, int window, LargeTenants largeTenants, int fewOwners) {
    this(pool, window, window, largeTenants, fewOwners, RecencyWalk.DEFAULT);
  }

  /**
   * A window searched in two parts: the first {@code firstWindow} customers, then more if it pays.
   */
  CustomerSearch(Pool pool, int firstWindow, int window, LargeTenants largeTenants, int fewOwners) {
    this(pool, firstWindow, window, largeTenants, fewOwners, RecencyWalk.DEFAULT);
  }

  /** walk: when and how far the recency index is walked for a rank. */
  CustomerSearch(
      Pool pool,
      int firstWindow,
      int window,
      LargeTenants largeTenants,
      int fewOwners,
      RecencyWalk walk) {
    if (firstWindow < 1 || firstWindow > window) {
      throw new IllegalArgumentException("first window " + firstWindow + " outside 1.." + window);
    }
    this.pool = pool;
    this.firstWindow = firstWindow;
    this.window = window;
    this.largeTenants = largeTenants;
    this.fewOwners = fewOwners;
    this.walk = walk;
  }

  public Future<List<CustomerHit>> search(Actor actor, String query, Scope scope, int limit) {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty()) {
      return Future.failedFuture(InvalidInput.field("query", "请输入要搜索的客户名称、拼音或电话"));
    }
    if (q.length() > 100) {
      return Future.failedFuture(InvalidInput.field("query", "too long"));
    }
    int n = Math.max(1, Math.min(limit, MAX_LIMIT));
    Future<Boolean> large = largeTenants.isLarge(actor.tenantId());
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                large.compose(
                    largeTenant -> {
                      String gram = CompanyNames.gramQuery(q);
                      String latin = gram.matches("[a-z]+") ? gram : null;
                      String digits =
                          q.replaceAll("[\\s-]", "").matches("\\+?\\d{3,}")
                              ? CompanyNames.normalizePhone(q)
                              : null;
                      String like = "%" + escapeLike(q) + "%";
                      String prefix = escapeLike(q) + "%";
                      boolean manyOwners =
                          scope == Scope.VISIBLE && access.visibleOwners().size() > fewOwners;
                      String scopeSql =
                          scope == Scope.POOL
                              ? "c.in_pool"
                              : manyOwners ? CustomerSql.VISIBLE_MANY : CustomerSql.VISIBLE_HASHED;
                      String nameArm =
                          gram.codePointCount(0, gram.length()) <= 2 && !gram.isEmpty()
                              ? "c.name_grams @> ARRAY[$7::text]"
                              : "c.search_text ILIKE $6";
                      List<Rank> ranks = ranks(nameArm, latin, digits);
                      StringBuilder flags = new StringBuilder();
                      List<String> flagged = new ArrayList<>();
                      List<String> bits = new ArrayList<>();
                      for (int i = 0; i < ranks.size(); i++) {
                        flags.append(", (").append(ranks.get(i).test()).append(") AS k").append(i);
                        flagged.add("k" + i);
                        bits.add(
                            "CASE WHEN k"
                                + i
                                + " THEN "
                                + (1 << i)
                                + " ELSE 0 END"); // a test may be null: no hit
                      }
                      String recent =
                          " FROM customer c WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND "
                              + scopeSql
                              + " ORDER BY c.last_follow_up_at DESC NULLS LAST, c.id DESC";
                      // An admin's recent customers are read straight from the recency index.
                      // Anyone else's are picked from
                      // it by owner first (owner and pool are in the index), then read: filtering
                      // after reading would read
                      // everyone's recent customers. OFFSET 0 keeps the flags a column: flattened
                      // into the aggregate, each
                      // test ran once for the hits and once more for their ranks.
                      boolean direct = scope == Scope.VISIBLE && access.seesEverything();
                      String anyRank =
                          " FILTER (WHERE " + String.join(" OR ", flagged) + "), '{}')";
                      String windowHead =
                          DatabaseLocation.PLANNED_PER_CALL
                              + "SELECT count(*) AS seen, coalesce(array_agg(id)"
                              + anyRank
                              + " AS hits, coalesce(array_agg("
                              + String.join(" + ", bits)
                              + ")"
                              + anyRank
                              + " AS ranks"
                              + TYPED_PARAMETERS
                              + " FROM (";
                      Function<String, String> windowSql =
                          part ->
                              windowHead
                                  + (direct
                                      ? "SELECT c.id" + flags + recent + part
                                      : "SELECT c.id"
                                          + flags
                                          + " FROM customer c WHERE c.tenant_id = $1 AND c.id IN (SELECT c.id"
                                          + recent
                                          + part
                                          + ") OFFSET 0")
                                  + ") w";
                      Tuple args =
                          Tuple.from(
                              new Object[] {
                                actor.tenantId(),
                                access.seesEverything(),
                                access.visibleOwnerArray(),
                                actor.userId(),
                                q,
                                like,
                                gram,
                                latin,
                                digits,
                                n,
                                prefix
                              });
                      Future<Recent> seen =
                          pool.preparedQuery(windowSql.apply(" LIMIT " + firstWindow))
                              .execute(args)
                              .map(
                                  rows ->
                                      new Recent(ranks.size())
                                          .and(rows.iterator().next(), firstWindow))
                              .compose(
                                  first -> {
                                    int more = first.readOn(n, window);
                                    return more == 0
                                        ? Future.succeededFuture(first)
                                        : pool.preparedQuery(
                                                windowSql.apply(
                                                    " OFFSET " + firstWindow + " LIMIT " + more))
                                            .execute(args)
                                            .map(rows -> first.and(rows.iterator().next(), more));
                                  });
                      return seen.compose(
                              w -> {
                                // the walkable ranks that need a lookup: how dense they are
                                // among the tenant's first customers decides whether to walk
                                List<Integer> walkable = new ArrayList<>();
                                for (int i = 0; i < ranks.size(); i++) {
                                  if (!w.all() && w.hitsOf(i) < n && ranks.get(i).walkable()) {
                                    walkable.add(i);
                                  }
                                }
                                if (walkable.isEmpty()) {
                                  return Future.succeededFuture(
                                      new Sampled(w, new long[ranks.size()], 0, 0));
                                }
                                List<String> tests = new ArrayList<>();
                                walkable.forEach(i -> tests.add(ranks.get(i).test()));
                                return pool.preparedQuery(
                                        DatabaseLocation.PLANNED_PER_CALL
                                            + walk.sample(tests, scopeSql, TYPED_PARAMETERS))
                                    .execute(args)
                                    .map(
                                        rows -> {
                                          Row r = rows.iterator().next();
                                          long[] counts = new long[ranks.size()];
                                          for (int k = 0; k < walkable.size(); k++) {
                                            counts[walkable.get(k)] = r.getLong("k" + k);
                                          }
                                          return new Sampled(
                                              w,
                                              counts,
                                              r.getLong("visible"),
                                              r.getLong("sampled"));
                                        });
                              })
                          .compose(
                              sampled -> {
                                Recent w = sampled.recent();
                                // A rank with a page of hits among the recent customers has its
                                // first ones there; so has every
                                // rank when the actor has no more customers than were read.
                                List<String> lookups = new ArrayList<>();
                                List<String> walks = new ArrayList<>();
                                for (int i = 0; i < ranks.size(); i++) {
                                  if (!w.all() && w.hitsOf(i) < n) {
                                    Rank rank = ranks.get(i);
                                    String tenant =
                                        LargeTenants.tenantCondition(largeTenant && rank.gin());
                                    String fallback = "";
                                    if (rank.walkable()
                                        && walk.pays(
                                            sampled.counts()[i],
                                            sampled.visible(),
                                            sampled.total(),
                                            n)) {
                                      walks.add(walk.cte(i, scopeSql, rank.test()));
                                      lookups.add(" UNION ALL (SELECT id FROM walk" + i + ")");
                                      // above the subquery, which keeps it from being pushed
                                      // down: a skipped lookup then starts no parallel workers
                                      fallback = " WHERE " + RecencyWalk.shortOf(i);
                                    }
                                    // OFFSET 0 keeps the planner from walking the recency index for
                                    // the first hits: the recent
                                    // customers hold few of them, so the walk would read far (all
                                    // of them, for a region manager
                                    // searching another region's city)
                                    lookups.add(
                                        " UNION ALL (SELECT x.id FROM (SELECT c.id, c.last_follow_up_at FROM customer c"
                                            + " WHERE "
                                            + tenant
                                            + " AND c.deleted_at IS NULL AND "
                                            + scopeSql
                                            + " AND "
                                            + rank.lookup()
                                            + " OFFSET 0) x"
                                            + fallback
                                            + " ORDER BY x.last_follow_up_at DESC NULLS LAST, x.id DESC LIMIT $10)");
                                  }
                                }
                                // visibility again: the recent hits are from the statement before
                                String sql =
                                    DatabaseLocation.PLANNED_PER_CALL
                                        + RecencyWalk.with(walks)
                                        + "SELECT "
                                        + CustomerSql.COLUMNS
                                        + ", s.score, s.matched_on"
                                        + TYPED_PARAMETERS
                                        + CustomerSql.FROM
                                        + SCORE
                                        + " WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND "
                                        + scopeSql
                                        + " AND c.id IN (SELECT unnest($12::bigint[])"
                                        + String.join("", lookups)
                                        + ")"
                                        + " ORDER BY s.score DESC, c.last_follow_up_at DESC NULLS LAST, c.id DESC LIMIT $10";
                                return pool.preparedQuery(sql).execute(args.addValue(w.hits()));
                              })
                          .map(
                              rows -> {
                                List<CustomerHit> hits = new ArrayList<>();
                                for (Row r : rows) {
                                  hits.add(
                                      new CustomerHit(
                                          CustomerRows.map(r),
                                          r.getInteger("score"),
                                          r.getString("matched_on")));
                                }
                                return hits;
                              });
                    }));
  }

  /**
   * One per rank of the score. Every lookup must be answerable from an index (a two-letter LIKE
   * '%..%' is not: no trigram in it), must hold every hit of its rank and only hits of that rank or
   * better, and together they hold every hit the search matches.
   */
  private static List<Rank> ranks(String nameArm, String latin, String digits) {
    List<Rank> ranks = new ArrayList<>();
    // 100 and 90: an exact name or a name prefix is also a substring hit, so these stay among the
    // matches
    ranks.add(
        new Rank(
            "c.name = $5 OR c.short_name = $5 OR $5 = ANY(c.aliases)",
            "(ARRAY[c.name, c.short_name] || c.aliases) @> ARRAY[$5::text]",
            true,
            false));
    ranks.add(Rank.btree("lower(c.name) LIKE lower($11::text)"));
    // 70
    ranks.add(Rank.gin(nameArm));
    if (latin != null) {
      // 65, 60: $8 is letters only, so LIKE $8 is = $8, and the trigram index answers it
      ranks.add(Rank.btree("c.name_initials LIKE $8"));
      ranks.add(Rank.btree("c.name_initials LIKE $8 || '%'"));
      if (latin.length() == 2) {
        // 55 and 52: two letters match by the initials' letter pairs, not by pinyin; for two
        // letters
        // LIKE '%hf%' is that pair, and the pinyin prefix index carries the initials to test it
        ranks.add(
            Rank.btree("c.name_pinyin LIKE $8 || '%' AND c.name_initials LIKE '%' || $8 || '%'"));
        ranks.add(
            new Rank(
                "c.name_initials LIKE '%' || $8 || '%'",
                "crm_bigrams(c.name_initials) @> ARRAY[$8::text]", true, true));
      } else if (latin.length() > 2) {
        // 55, 52, 40
        ranks.add(Rank.btree("c.name_pinyin LIKE $8 || '%'"));
        ranks.add(Rank.walked("c.name_initials LIKE '%' || $8 || '%'"));
        ranks.add(Rank.walked("c.name_pinyin LIKE '%' || $8 || '%'"));
      }
      // one letter: every initials hit starts with it (60), a pinyin hit with it too
    }
    if (digits != null) {
      // 50, 30
      ranks.add(
          Rank.gin(
              "c.phones_text LIKE '%' || $9 || '%'"
                  + " AND (' ' || c.phones_text || ' ') LIKE '%' || $9 || ' %'"));
      ranks.add(Rank.gin("c.phones_text LIKE '%' || $9 || '%'"));
    }
    return ranks;
  }

  /**
   * The recent customers; each rank's visible hits among the tenant's first by recency, how many of
   * those the actor sees, and how many were counted.
   */
  private record Sampled(Recent recent, long[] counts, long visible, long total) {}

  /**
   * What the recent customers read so far hold: how many were read, whether that is all of the
   * actor's, and which ranks each hit matches (a bit per rank), once per customer: a customer whose
   * recency changed between the two statements may be read twice.
   */
  private static final class Recent {
    private final int rankCount;
    private final Map<Long, Integer> ranksOf = new LinkedHashMap<>();
    private long seen;
    private boolean all;

    Recent(int rankCount) {
      this.rankCount = rankCount;
    }

    /**
     * Adds a window statement's answer to what was read; asked: how many customers it was to read.
     */
    Recent and(Row w, int asked) {
      long read = w.getLong("seen");
      Long[] ids = w.getArrayOfLongs("hits");
      Integer[] ranks = w.getArrayOfIntegers("ranks");
      for (int i = 0; i < ids.length; i++) {
        ranksOf.merge(ids[i], ranks[i], (a, b) -> a | b);
      }
      seen += read;
      all = read < asked;
      return this;
    }

    boolean all() {
      return all;
    }

    Long[] hits() {
      return ranksOf.keySet().toArray(new Long[0]);
    }

    /** The hits of a rank. */
    long hitsOf(int rank) {
      return ranksOf.values().stream().filter(m -> (m & (1 << rank)) != 0).count();
    }

    /**
     * How many more recent customers to read, up to the whole window, 0 for none: when a rank that
     * would need a lookup has hits enough here to fill a page in the window, as their share so far
     * goes, twice as many as that share says it needs. Its lookup reads every hit in the tenant,
     * scattered; a rank with fewer here is cheaper looked up than read on for. Reading too few
     * costs only that lookup.
     */
    int readOn(int page, int window) {
      long rest = window - seen;
      if (all || rest <= 0) {
        return 0;
      }
      long wanted = 0;
      for (int i = 0; i < rankCount; i++) {
        long count = hitsOf(i);
        if (count > 0 && count < page && count * window >= (long) page * seen) {
          wanted =
              Math.max(wanted, Math.min(rest, 2 * ((page - count) * seen + count - 1) / count));
        }
      }
      return (int) wanted;
    }
  }

  /**
   * A rank's test, for the recent customers, and its lookup, for the index. They differ where the
   * indexed form is slow row by row: crm_bigrams is an SQL function, ten times the cost of the
   * whole row's LIKE. gin: the lookup's index is a GIN index (tenant_id, words), else a btree that
   * needs the tenant to range. walkable: the test reads only the initials and the pinyin, which the
   * recency index carries ({@link RecencyWalk}), and the lookup reads each hit from the heap.
   */
  private record Rank(String test, String lookup, boolean gin, boolean walkable) {
    static Rank gin(String condition) {
      return new Rank(condition, condition, true, false);
    }

    static Rank btree(String condition) {
      return new Rank(condition, condition, false, false);
    }

    static Rank walked(String condition) {
      return new Rank(condition, condition, true, true);
    }
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
