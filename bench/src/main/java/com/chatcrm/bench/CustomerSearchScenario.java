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
 * Scenario 5. {@link CustomerSearch} over the big tenant's 1,000,000 customers, in this JVM, for each kind
 * of query a rep types, as a rep, as the region manager of scenario 4 and as the admin. The queries are cut
 * from real names and phones of customers the actor sees (demo names are city + brand + trade + suffix, so
 * characters 3-4 are the brand). The baseline is the bare index lookup of the same kind and visibility.
 */
public final class CustomerSearchScenario implements Scenario {

  private static final int SAMPLE = 20;
  private static final int LIMIT = 20;

  /** A kind of query: how to cut it from a customer, and the index lookup that answers it. */
  private record Kind(String name, String example, Function<Sample, String> query, String match) {}

  private record Sample(String name, String initials, String phone) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("2 characters", "汇峰", s -> s.name().substring(2, 4), "c.name_grams @> ARRAY[$2::text]"),
      new Kind("4 characters", "汇峰精密", s -> s.name().substring(2, 6), "c.search_text ILIKE '%' || $2 || '%'"),
      new Kind("initials, 4 letters", "hfjm", s -> s.initials().substring(2, 6),
          "c.name_initials LIKE '%' || $2 || '%'"),
      new Kind("initials, 2 letters", "hf", s -> s.initials().substring(2, 4),
          "crm_bigrams(c.name_initials) @> ARRAY[$2::text]"),
      new Kind("full pinyin", "huifeng", s -> CompanyNames.pinyin(s.name().substring(2, 4)),
          "c.name_pinyin LIKE '%' || $2 || '%'"),
      new Kind("phone suffix, 4 digits", "0397", s -> s.phone().substring(s.phone().length() - 4),
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
      StringBuilder table = new StringBuilder(
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
        System.out.printf("bench:   %s (user %d, %d owners visible): %d sample customers%n", e.getKey(),
            actor.userId(), access.seesEverything() ? 0 : access.visibleOwners().size(), samples.size());
        for (Kind kind : KINDS) {
          List<String> queries = samples.stream().map(kind.query()).distinct().toList();
          String baselineSql = "SELECT c.id FROM customer c WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND ("
              + kind.match() + ")" + (access.seesEverything() ? "" : " AND c.owner_id = ANY($3)") + " LIMIT " + LIMIT;
          Histogram engineTimes = Latencies.newHistogram();
          Histogram baseTimes = Latencies.newHistogram();
          for (int round = -1; round < rounds; round++) {
            for (String q : queries) {
              long t0 = System.nanoTime();
              engine.await(search.search(actor, q, CustomerSearch.Scope.VISIBLE, LIMIT));
              long t1 = System.nanoTime();
              Tuple args = access.seesEverything() ? Tuple.of(data.tenantId(), q)
                  : Tuple.of(data.tenantId(), q, access.visibleOwnerArray());
              engine.await(engine.baselinePool().preparedQuery(baselineSql).execute(args));
              long t2 = System.nanoTime();
              if (round >= 0) { // the first round warms up
                engineTimes.recordValue((t1 - t0) / 1_000);
                baseTimes.recordValue((t2 - t1) / 1_000);
              }
            }
          }
          Latencies l = Latencies.of(engineTimes);
          Latencies b = Latencies.of(baseTimes);
          run.saveRaw("customer-search-" + e.getKey().replace(' ', '-') + "-" + KINDS.indexOf(kind) + ".hgrm",
              Latencies.distribution(engineTimes));
          System.out.printf("bench:     %-24s %s   (baseline %s)%n", kind.name(), l.summary(), b.summary());
          table.append("| ").append(kind.name()).append(" | ").append(kind.example()).append(" | ").append(e.getKey())
              .append(" | ").append(BenchFormat.ms(l.p50Ms())).append(" | ").append(BenchFormat.ms(l.p95Ms()))
              .append(" | ").append(BenchFormat.ms(l.p99Ms())).append(" | ").append(BenchFormat.ms(b.p50Ms()))
              .append(" | ").append(BenchFormat.ms(b.p95Ms())).append(" |\n");
          result.target(kind.name() + " as " + e.getKey() + " p95", BenchFormat.ms(l.p95Ms()), "≤ 30 ms",
              l.p95Ms() <= 30);
          if (l.p95Ms() > 30) {
            missed.append(kind.name()).append(" as ").append(e.getKey()).append(", ");
          }
          if (l.p95Ms() > worstP95) {
            worstP95 = l.p95Ms();
            worst = kind.name() + " as " + e.getKey();
            // ranked as the engine ranks within a score: what it costs to find every hit, not just some
            worstSql = baselineSql.replace(" LIMIT " + LIMIT,
                " ORDER BY c.last_follow_up_at DESC NULLS LAST, c.id DESC LIMIT " + LIMIT);
            String q = queries.get(0);
            worstArgs = access.seesEverything() ? Tuple.of(data.tenantId(), q)
                : Tuple.of(data.tenantId(), q, access.visibleOwnerArray());
          }
        }
      }
      result.info("slowest kind (p95)", worst + ": " + BenchFormat.ms(worstP95));
      result.note(table.toString());
      result.note("Each kind is " + SAMPLE + " different queries cut from customers the actor sees, asked "
          + rounds + " times after a warm-up round, limit " + LIMIT + ", scope VISIBLE; the engine call and its"
          + " baseline alternate. The baseline is the bare index lookup of the kind (e.g. `name_grams @> ARRAY[q]`,"
          + " `name_initials LIKE '%q%'`) with the actor's owner filter and `LIMIT " + LIMIT + "`, unranked: what"
          + " the database needs at the least to find some hits.");
      if (missed.length() > 0) {
        String plan = Explain.analyze(engine, engine.baselinePool(), worstSql, worstArgs);
        run.saveRaw("customer-search-explain.txt", plan);
        result.note("**Missed:** " + missed.substring(0, missed.length() - 2) + ". The search ranks from a window"
            + " of the actor's 2,000 most recently active customers and, for each kind of match with fewer than a"
            + " page of hits there, a lookup on that kind's own index (exact, as ranking every hit would be). What"
            + " stays slow are kinds with a few thousand hits across the tenant but few among the recent ones (full"
            + " pinyin, two initials, a phone suffix for a 500-rep manager): the lookup reads each of those hits from"
            + " the 1.3 GB table, scattered, because a substring index cannot carry the owner filter; and the window"
            + " itself reads 2,000 customers through the primary key. Tried and measured: an owner-aware trigram index"
            + " (`gin (tenant_id, name_pinyin gin_trgm_ops, (ARRAY[owner_id]))`, queried with"
            + " `ARRAY[owner_id] && owners`)"
            + " took 49.5 ms for its index scan alone for one full-pinyin query of a 506-owner manager (166 ms for"
            + " another), slower than the trigram index plus heap reads, and the planner did not choose it; a bigger"
            + " first window costs every query. Fixed: a generic plan (statements kept prepared) checked the manager's"
            + " 506 owners per index entry (30.6 ms against 4.8 ms planned for the parameters; searches are now planned"
            + " per call and the owner filter is hashed). Fixed: a large tenant's lookups named the tenant in the GIN"
            + " index condition, which read its whole posting tree (about 290 pages, 6–15 ms) on every lookup; and"
            + " planning a manager's lookups estimated `owner_id = ANY` over 505 owners in each (bind 9.4 → 3.1 ms"
            + " p50). Tried and measured, no gain: a narrow search table (tenant, id, owner, pool, recency and the"
            + " search columns; 502 MB against the customers' 766 MB, name_grams alone 274 bytes a row) read 10,400"
            + " buffers for the pinyin xinfeng against the customers' 10,500 (35 against 39 ms warm), and 2,000 window"
            + " rows through its key cost what the customers' do: the hits are scattered over the pages either way. A"
            + " walk on past the window by recency reads each customer through its key (four buffers) where a lookup"
            + " reads one per hit: cheaper only for a rank with most of a page in the window (once in 1,080"
            + " searches). Measured in run 20261203-170349's session: it is not the cache — with shared_buffers at"
            + " 4 GB and the customers prewarmed, full pinyin as region manager went from p95 75 to 55 ms and as admin"
            + " from 71 to 57 ms (a quick run each; the machine's 128 MB setting is back); nor JIT compilation (two"
            + " statements of a whole run compiled); nor the tests of the window (10.4 ms for a manager's 2,000 rows"
            + " with no test at all, 12.1 ms with the gram test, all in shared buffers: the index-only part 1.6 ms,"
            + " the rest 2,000 primary-key lookups at about 4 µs each). One full-pinyin lookup of a region manager"
            + " (jiaxing, a city of another region) read 19,269 heap blocks for 19,885 hits across the tenant of"
            + " which 474 were the manager's: 82 ms, nearly all of it that bitmap heap scan. What is left is the"
            + " window (a manager's 2,000 customers through the primary key, about 10 ms) and lookups of thousands of"
            + " scattered hits. Probed, not adopted: a table of (tenant, pinyin trigram, owner, customer) — 39.8 M"
            + " rows and 4.0 GB for the pinyin alone — found that manager's jiaxing from its rarest trigram (iax) in"
            + " 9.7 ms warm, 96 ms cold; it would need the same for initials and phones, triggers on every name and"
            + " owner change, and does nothing for an admin, who sees every owner and whose hits each still need"
            + " their recency (carrying the recency too would make each follow-up rewrite a customer's few dozen"
            + " entries, on the write path that already bounds the callbacks). EXPLAIN ANALYZE of"
            + " the slowest kind (" + worst
            + "), ranked by recency alone,"
            + " the least the engine's ranking needs (full plan in `customer-search-explain.txt`):\n\n"
            + Explain.excerpt(plan, 14));
      }
    }
    return result;
  }

  /** Real customers the actor sees, spread over the id range. */
  private static List<Sample> samples(InProcessEngine engine, BigDataset data, Access access) throws Exception {
    String sql = "SELECT name, name_initials, phones_text FROM customer WHERE tenant_id = ? AND deleted_at IS NULL"
        + " AND length(name) >= 8 AND phones_text <> ''"
        + (access.seesEverything() ? "" : " AND owner_id = ANY(?)") + " ORDER BY (id * 7919) % 100003 LIMIT " + SAMPLE;
    List<Sample> out = new ArrayList<>();
    try (Connection c = BenchDatabase.connect(engine.location()); PreparedStatement p = c.prepareStatement(sql)) {
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
