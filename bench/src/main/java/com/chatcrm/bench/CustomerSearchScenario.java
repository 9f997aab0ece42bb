package com.chatcrm.bench;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.CompanyNames;
import com.chatcrm.engine.customer.CustomerSearch;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Scenario 5. {@link CustomerSearch} over the big tenant's 1,000,000 customers, in this JVM, for
 * each kind of query a rep types, as a rep, as the region manager of scenario 4 and as the admin.
 * The queries are cut from real names and phones of customers the actor sees (demo names are city +
 * brand + trade + suffix, so characters 3-4 are the brand). The baseline is the bare index lookup
 * of the same kind and visibility.
 */
public final class CustomerSearchScenario implements Scenario {

  private static final int SAMPLE = 20;
  private static final int LIMIT = 20;

  /** A kind of query: how to cut it from a customer, and the index lookup that answers it. */
  private record Kind(String name, String example, Function<Sample, String> query, String match) {}

  private record Sample(String name, String initials, String phone) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind(
              "2 characters",
              "汇峰",
              s -> s.name().substring(2, 4),
              "c.name_grams @> ARRAY[$2::text]"),
          new Kind(
              "4 characters",
              "汇峰精密",
              s -> s.name().substring(2, 6),
              "c.search_text ILIKE '%' || $2 || '%'"),
          new Kind(
              "initials, 4 letters",
              "hfjm",
              s -> s.initials().substring(2, 6),
              "c.name_initials LIKE '%' || $2 || '%'"),
          new Kind(
              "initials, 2 letters",
              "hf",
              s -> s.initials().substring(2, 4),
              "crm_bigrams(c.name_initials) @> ARRAY[$2::text]"),
          new Kind(
              "full pinyin",
              "huifeng",
              s -> CompanyNames.pinyin(s.name().substring(2, 4)),
              "c.name_pinyin LIKE '%' || $2 || '%'"),
          new Kind(
              "phone suffix, 4 digits",
              "0397",
              s -> s.phone().substring(s.phone().length() - 4),
              "c.phones_text LIKE '%' || $2 || '%'"),
          new Kind("common word", "科技", s -> "科技", "c.name_grams @> ARRAY[$2::text]"));

  @Override
  public String id() {
    return "customer-search";
  }

  @Override
  public String title() {
    return "5. Customer search over 1,000,000 customers";
  }

  @Override
  public ScenarioResult run(BenchRun run) throws Exception {
    BigDataset data = run.bigDataset();
    ScenarioResult result = ScenarioResult.of(this);
    int rounds = run.scaled(3, 2);
    try (InProcessEngine engine = InProcessEngine.open(data, 4)) {
      CustomerSearch search = new CustomerSearch(engine.pool());
      Map<String, Actor> actors = new LinkedHashMap<>();
      actors.put("rep", InProcessEngine.actor(data, data.repIds().get(data.repIds().size() / 2)));
      actors.put("region manager", PipelineSummaryScenario.regionManager(engine, data));
      actors.put("admin", InProcessEngine.actor(data, data.adminId()));
      Access regionAccess = engine.access(actors.get("region manager"));
      int regionOwners = regionAccess.visibleOwners().size();
      long regionCustomers = ownedBy(engine, data, regionAccess);
      StringBuilder table =
          new StringBuilder(
              "| query | example | actor | engine p50 | engine p95 | engine p99 | baseline p50 | baseline p95 |\n"
                  + "|---|---|---|---:|---:|---:|---:|---:|\n");
      StringBuilder missed = new StringBuilder();
      double worstP95 = 0;
      String worst = "";
      String worstSql = null;
      Tuple worstArgs = null;
      for (Map.Entry<String, Actor> e : actors.entrySet()) {
        Actor actor = e.getValue();
        Access access = engine.access(actor);
        List<Sample> samples = samples(engine, data, access);
        System.out.printf(
            "bench:   %s (user %d, %d owners visible): %d sample customers%n",
            e.getKey(),
            actor.userId(),
            access.seesEverything() ? 0 : access.visibleOwners().size(),
            samples.size());
        for (Kind kind : KINDS) {
          List<String> queries = samples.stream().map(kind.query()).distinct().toList();
          // with many owners, the tenant as the engine names it for a tenant holding most
          // customers: in the GIN
          // index condition it reads the tenant's whole posting tree, which is not the least the
          // database needs
          // (a rep's least is the owner index, which needs the tenant)
          boolean byIndexOfKind =
              access.seesEverything() || access.visibleOwners().size() > CustomerSearch.FEW_OWNERS;
          String baselineSql =
              "SELECT c.id FROM customer c WHERE c.tenant_id"
                  + (byIndexOfKind ? " + 0" : "")
                  + " = $1 AND c.deleted_at IS NULL AND ("
                  + kind.match()
                  + ")"
                  + (access.seesEverything() ? "" : " AND c.owner_id = ANY($3)")
                  + " LIMIT "
                  + LIMIT;
          Histogram engineTimes = Latencies.newHistogram();
          Histogram baseTimes = Latencies.newHistogram();
          String slowestQuery = queries.get(0);
          long slowestMicros = 0;
          for (int round = -1; round < rounds; round++) {
            for (String q : queries) {
              long t0 = System.nanoTime();
              engine.await(search.search(actor, q, CustomerSearch.Scope.VISIBLE, LIMIT));
              long t1 = System.nanoTime();
              Tuple args =
                  access.seesEverything()
                      ? Tuple.of(data.tenantId(), q)
                      : Tuple.of(data.tenantId(), q, access.visibleOwnerArray());
              engine.await(engine.baselinePool().preparedQuery(baselineSql).execute(args));
              long t2 = System.nanoTime();
              if (round >= 0) { // the first round warms up
                long micros = (t1 - t0) / 1_000;
                engineTimes.recordValue(micros);
                if (micros > slowestMicros) {
                  slowestMicros = micros;
                  slowestQuery = q;
                }
                baseTimes.recordValue((t2 - t1) / 1_000);
              }
            }
          }
          Latencies l = Latencies.of(engineTimes);
          Latencies b = Latencies.of(baseTimes);
          run.saveRaw(
              "customer-search-"
                  + e.getKey().replace(' ', '-')
                  + "-"
                  + KINDS.indexOf(kind)
                  + ".hgrm",
              Latencies.distribution(engineTimes));
          System.out.printf(
              "bench:     %-24s %s   (baseline %s)%n", kind.name(), l.summary(), b.summary());
          table
              .append("| ")
              .append(kind.name())
              .append(" | ")
              .append(kind.example())
              .append(" | ")
              .append(e.getKey())
              .append(" | ")
              .append(BenchFormat.ms(l.p50Ms()))
              .append(" | ")
              .append(BenchFormat.ms(l.p95Ms()))
              .append(" | ")
              .append(BenchFormat.ms(l.p99Ms()))
              .append(" | ")
              .append(BenchFormat.ms(b.p50Ms()))
              .append(" | ")
              .append(BenchFormat.ms(b.p95Ms()))
              .append(" |\n");
          result.target(
              kind.name() + " as " + e.getKey() + " p95",
              BenchFormat.ms(l.p95Ms()),
              "≤ 30 ms",
              l.p95Ms() <= 30);
          if (l.p95Ms() > 30) {
            missed.append(kind.name()).append(" as ").append(e.getKey()).append(", ");
          }
          if (l.p95Ms() > worstP95) {
            worstP95 = l.p95Ms();
            worst = kind.name() + " as " + e.getKey();
            // ranked as the engine ranks within a score: what it costs to find every hit, not just
            // some
            worstSql =
                baselineSql.replace(
                    " LIMIT " + LIMIT,
                    " ORDER BY c.last_follow_up_at DESC NULLS LAST, c.id DESC LIMIT " + LIMIT);
            String q = slowestQuery;
            worstArgs =
                access.seesEverything()
                    ? Tuple.of(data.tenantId(), q)
                    : Tuple.of(data.tenantId(), q, access.visibleOwnerArray());
          }
        }
      }
      result.info("slowest kind (p95)", worst + ": " + BenchFormat.ms(worstP95));
      result.note(table.toString());
      result.note(
          "Each kind is "
              + SAMPLE
              + " different queries cut from customers the actor sees, asked "
              + rounds
              + " times after a warm-up round, limit "
              + LIMIT
              + ", scope VISIBLE; the engine call and its"
              + " baseline alternate. The baseline is the bare index lookup of the kind (e.g. `name_grams @> ARRAY[q]`,"
              + " `name_initials LIKE '%q%'`) with the actor's owner filter and `LIMIT "
              + LIMIT
              + "`, unranked, the"
              + " tenant kept out of the index condition for the region manager and the admin, as the engine does for"
              + " a tenant this large: what the database needs at the least to find some hits. The region manager sees "
              + regionOwners
              + " owners' "
              + BenchFormat.count(regionCustomers)
              + " customers. The common word is one"
              + " word, so its p95 is the slowest of its "
              + rounds
              + " calls.");
      if (missed.length() > 0) {
        String plan = Explain.analyze(engine, engine.baselinePool(), worstSql, worstArgs);
        run.saveRaw("customer-search-explain.txt", plan);
        result.note(
            "**Missed:** "
                + missed.substring(0, missed.length() - 2)
                + ".\n\n"
                + "How a search runs: the actor's 500 most recently followed-up customers are tested against every"
                + " kind of match, then up to 2,000 when a kind is dense enough there to fill a page; each kind with"
                + " fewer than a page there is looked up in its own index, exactly: every hit of it, ordered by recency."
                + " What stays slow is such a lookup when the kind has thousands of hits across the tenant. Measured by"
                + " hand on an AMD EPYC machine of 2 cores (shared_buffers 128 MB; the customers' table 766 MB), with"
                + " EXPLAIN (ANALYZE, BUFFERS):\n\n"
                + "- Full pinyin: the trigram index scan alone, before any customer is read, takes 27–32 ms for a"
                + " pinyin of common syllables (shenghua: 9,962 hits, 540 index pages, all in shared buffers): its"
                + " trigrams (eng, hen, hua) are in a large share of the names and GIN intersects their posting lists."
                + " Ranking then reads each hit.\n"
                + "- Two initials: the bigram's posting list is cheap (rh: 10,379 hits in 3 ms), but ranking needs each"
                + " hit's recency, which only the row holds: 10,379 heap visits, 20 ms with every page in shared buffers,"
                + " 117 ms from the OS cache.\n"
                + "- A region manager needs the same tenant-wide lookups and keeps 14% of their hits; the window reads"
                + " each of its customers through the primary key (2,000 of them: 21 ms p50, which is why the window now"
                + " reads 500 first: 2 characters as region manager p95 47–62 → 28–40 ms across this session's runs). Two"
                + " kinds of a region manager sit at the target's edge for that reason: 2 characters (a page needs the"
                + " lookup) and the common word (a page needs the whole window), 25–40 ms p95 across this session's"
                + " runs; a run right after the test suite, which had pushed the table out of the OS cache, also had"
                + " initials, 4 letters as region manager at 41.7 ms.\n\n"
                + "Tried and measured, not adopted:\n\n"
                + "- The recency in the GIN indexes (a generated week column, btree_gin): the index scan got slower"
                + " (50–90 ms for rh and shenghua in the last four weeks, which hold a third of the customers), and"
                + " adding the column rewrote the table for 2 min 14 s.\n"
                + "- A bitmap of recent customers to intersect with: 14–20 ms for the recency index's 50,000 most recent"
                + " entries alone; a bitmap of the manager's customers on the owner index: 44 ms for 143,867 entries.\n"
                + "- RUM (Debian's postgresql-15-rum), an index that keeps each match's recency: the 20 most recent of"
                + " rh in 3.5–6 ms, but shenghua's six trigrams 164–300 ms and a manager's jiaxing 145–250 ms. It"
                + " would fix two initials only, as a second lookup path for an extension that PostgreSQL does not ship"
                + " (nor the embedded PostgreSQL of the README's run command) and that only a superuser can create.\n"
                + "- Earlier sessions: a narrow search table (the hits are scattered either way: 35 against 39 ms); a"
                + " table of (tenant, pinyin trigram, owner, customer) for managers (9.7 ms warm, 96 ms cold, 4.0 GB for"
                + " the pinyin alone, and no help for an admin, whose hits each still need their recency); an"
                + " owner-aware trigram index (49.5 ms for its index scan alone); walking on past the window (cheaper"
                + " only for a kind with most of a page in it); shared_buffers at 4 GB with the customers prewarmed"
                + " (full pinyin as region manager 75 → 55 ms); JIT (two statements of a whole run compiled).\n\n"
                + "Fixed while building this benchmark: generic plans that checked 506 owners per index entry (30.6 →"
                + " 4.8 ms); a large tenant named in the GIN index conditions (its whole posting tree read per lookup,"
                + " 6–15 ms); planning owner_id = ANY over 505 owners in every lookup (bind 9.4 → 3.1 ms p50); ranking"
                + " every hit (0.3 s to 8 s for a broad query, before the window and the lookups).\n\n"
                + "EXPLAIN ANALYZE of the slowest kind ("
                + worst
                + ") for its slowest query ("
                + worstArgs.getString(1)
                + "), ranked by recency alone, the least the engine's ranking needs (full plan in"
                + " `customer-search-explain.txt`):\n\n"
                + Explain.excerpt(plan, 16, true));
      }
    }
    return result;
  }

  /** How many live customers the actor's visible owners hold. */
  private static long ownedBy(InProcessEngine engine, BigDataset data, Access access)
      throws Exception {
    String sql =
        "SELECT count(*) FROM customer WHERE tenant_id = ? AND deleted_at IS NULL AND owner_id = ANY(?)";
    try (Connection c = BenchDatabase.connect(engine.location());
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, data.tenantId());
      p.setArray(2, c.createArrayOf("bigint", access.visibleOwnerArray()));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Real customers the actor sees, spread over the id range. */
  private static List<Sample> samples(InProcessEngine engine, BigDataset data, Access access)
      throws Exception {
    String sql =
        "SELECT name, name_initials, phones_text FROM customer WHERE tenant_id = ? AND deleted_at IS NULL"
            + " AND length(name) >= 8 AND phones_text <> ''"
            + (access.seesEverything() ? "" : " AND owner_id = ANY(?)")
            + " ORDER BY (id * 7919) % 100003 LIMIT "
            + SAMPLE;
    List<Sample> out = new ArrayList<>();
    try (Connection c = BenchDatabase.connect(engine.location());
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, data.tenantId());
      if (!access.seesEverything()) {
        p.setArray(2, c.createArrayOf("bigint", access.visibleOwnerArray()));
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          String phone = rs.getString(3).split(" ")[0];
          out.add(new Sample(rs.getString(1), rs.getString(2), phone));
        }
      }
    }
    return out;
  }
}
