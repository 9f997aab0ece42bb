package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds customers by Chinese substring (华为), pinyin or initials (huawei, hw) and phone suffix (8888),
 * ranked: exact name, name prefix, substring, initials, pinyin, phone. Searches only what the actor
 * may see, or the pool.
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

  private final Pool pool;

  public CustomerSearch(Pool pool) {
    this.pool = pool;
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
    return AccessResolver.resolve(pool, actor).compose(access -> {
      String gram = CompanyNames.gramQuery(q);
      String latin = gram.matches("[a-z]+") ? gram : null;
      String digits = q.replaceAll("[\\s-]", "").matches("\\+?\\d{3,}") ? CompanyNames.normalizePhone(q) : null;
      String like = "%" + escapeLike(q) + "%";
      // $1 tenant, $2 admin, $3 owners, $4 user, $5 exact text, $6 like, $7 gram, $8 latin, $9 digits, $10 limit
      String match = gram.codePointCount(0, gram.length()) <= 2 && !gram.isEmpty()
          ? "c.name_grams @> ARRAY[$7::text]"
          : "c.search_text ILIKE $6";
      // Every arm must be answerable from an index: a two-letter LIKE '%..%' is not (no trigram in it).
      if (latin != null && latin.length() == 1) {
        match += " OR c.name_initials LIKE $8 || '%'";
      } else if (latin != null && latin.length() == 2) {
        match += " OR crm_bigrams(c.name_initials) @> ARRAY[$8::text]";
      } else if (latin != null) {
        match += " OR c.name_initials LIKE '%' || $8 || '%' OR c.name_pinyin LIKE '%' || $8 || '%'";
      }
      if (digits != null) {
        match += " OR c.phones_text LIKE '%' || $9 || '%'";
      }
      String scopeSql = scope == Scope.POOL ? "c.in_pool" : CustomerSql.VISIBLE;
      String sql = "SELECT " + CustomerSql.COLUMNS + ", s.score, s.matched_on" + CustomerSql.FROM
          + """
           CROSS JOIN LATERAL (SELECT CASE
               WHEN c.name = $5 OR c.short_name = $5 OR $5 = ANY(c.aliases) THEN 100
               WHEN c.name ILIKE $5 || '%' THEN 90
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
           WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND
          """
          + scopeSql + " AND (" + match + ")"
          + " ORDER BY s.score DESC, c.last_follow_up_at DESC NULLS LAST, c.id DESC LIMIT $10";
      Tuple args = Tuple.from(new Object[] {actor.tenantId(), access.seesEverything(), access.visibleOwnerArray(),
          actor.userId(), q, like, gram, latin, digits, n});
      return pool.preparedQuery(sql).execute(args).map(rows -> {
        List<CustomerHit> hits = new ArrayList<>();
        for (Row r : rows) {
          hits.add(new CustomerHit(CustomerRows.map(r), r.getInteger("score"), r.getString("matched_on")));
        }
        return hits;
      });
    });
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
