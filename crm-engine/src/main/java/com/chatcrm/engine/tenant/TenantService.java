package com.chatcrm.engine.tenant;

import com.chatcrm.engine.change.ChangeFeed;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * Registers companies and finds them by platform and corp id. A new tenant gets the default
 * opportunity stages and pool rule, so it works at once.
 */
public final class TenantService {

  public static final Set<String> PLATFORMS = Set.of("dingtalk", "wecom");

  private static final String INSERT =
      "INSERT INTO tenant (platform, corp_id, name, time_zone) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (platform, corp_id) DO NOTHING RETURNING tenant_id";
  private static final String BY_CORP =
      "SELECT tenant_id, platform, corp_id, name, time_zone FROM tenant"
          + " WHERE platform = $1 AND corp_id = $2 AND disabled_at IS NULL";
  private static final String BY_CORP_EVEN_DISABLED =
      "SELECT tenant_id, platform, corp_id, name, time_zone FROM tenant WHERE platform = $1 AND corp_id = $2";
  private static final String SET_DISABLED =
      "UPDATE tenant SET disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, now()) END"
          + " WHERE platform = $1 AND corp_id = $2 RETURNING tenant_id";
  private static final String LIST =
      """
      SELECT t.tenant_id, t.platform, t.corp_id, t.name, t.time_zone, t.disabled_at, t.created_at,
             (SELECT count(*) FROM crm_user u WHERE u.tenant_id = t.tenant_id AND u.active)::int AS members,
             (SELECT string_agg(c.channel, ',' ORDER BY c.channel) FROM tenant_channel c
               WHERE c.tenant_id = t.tenant_id) AS channels
        FROM tenant t ORDER BY t.tenant_id
      """;
  private static final String BY_ID =
      "SELECT tenant_id, platform, corp_id, name, time_zone FROM tenant WHERE tenant_id = $1";
  // 初步接触 10%, 需求确认 30%, 方案报价 60%, 谈判签约 80%, 赢单 100%, 输单 0%
  private static final String DEFAULT_STAGES =
      """
      INSERT INTO opportunity_stage (tenant_id, name, position, probability, kind)
      VALUES ($1, '初步接触', 1, 10, 'open'), ($1, '需求确认', 2, 30, 'open'),
             ($1, '方案报价', 3, 60, 'open'), ($1, '谈判签约', 4, 80, 'open'),
             ($1, '赢单', 5, 100, 'won'), ($1, '输单', 6, 0, 'lost')
      """;
  // Reclaim after 30 days for 潜在, 60 for 意向, never for 成交/流失; warn 3 days before; 200 private, 20
  // claims a day.
  private static final String DEFAULT_POOL_RULE =
      "INSERT INTO pool_rule (tenant_id, reclaim_days_potential, reclaim_days_intent, warn_days_before,"
          + " max_private, max_claims_per_day) VALUES ($1, 30, 60, 3, 200, 20)";

  /**
   * Tenants by id, per database: every chat message and every push reads its tenant (zone, corp id)
   * two or three times, and the service never changes a registered tenant. The expiry bounds an
   * operator's edit by hand.
   */
  static final Duration CACHED_FOR = Duration.ofMinutes(10);

  private final Pool pool;
  private final Cache<Long, Tenant> byId;

  /** With a cache of its own (tests, tools). */
  public TenantService(Pool pool) {
    this(pool, newCache());
  }

  /**
   * @param byId shared by every TenantService of the process (see {@link #newCache}), whichever
   *     pool it reads through
   */
  public TenantService(Pool pool, Cache<Long, Tenant> byId) {
    this.pool = pool;
    this.byId = byId;
  }

  /** The tenants-by-id cache the composition root builds once. */
  public static Cache<Long, Tenant> newCache() {
    return Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(10_000).build();
  }

  /** Registers the company, or returns it unchanged when it is registered already. */
  public Future<Tenant> register(String platform, String corpId, String name, String timeZone) {
    if (!PLATFORMS.contains(platform)) {
      return Future.failedFuture(InvalidInput.field("platform", "must be dingtalk or wecom"));
    }
    if (corpId == null || corpId.isBlank()) {
      return Future.failedFuture(InvalidInput.field("corpId", "must not be empty"));
    }
    String zone = timeZone == null || timeZone.isBlank() ? "Asia/Shanghai" : timeZone;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      return Future.failedFuture(InvalidInput.field("timeZone", "unknown time zone " + zone));
    }
    String displayName = name == null || name.isBlank() ? corpId : name.strip();
    return Transactions.run(
            pool,
            tx ->
                tx.preparedQuery(INSERT)
                    .execute(Tuple.of(platform, corpId.strip(), displayName, zone))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(); // registered before
                          }
                          long id = rows.iterator().next().getLong(0);
                          return tx.preparedQuery(DEFAULT_STAGES)
                              .execute(Tuple.of(id))
                              .compose(
                                  r -> tx.preparedQuery(DEFAULT_POOL_RULE).execute(Tuple.of(id)))
                              .mapEmpty();
                        }))
        .compose(v -> findEvenDisabled(platform, corpId.strip()));
  }

  /** The active (not disabled) company; NotFound for an unknown or disabled one. */
  public Future<Tenant> find(String platform, String corpId) {
    return one(
        pool, BY_CORP, Tuple.of(platform, corpId), "no tenant for " + platform + " corp " + corpId);
  }

  /** The company whether or not an operator disabled it, for the operator's own commands. */
  public Future<Tenant> findEvenDisabled(String platform, String corpId) {
    return one(
        pool,
        BY_CORP_EVEN_DISABLED,
        Tuple.of(platform, corpId),
        "no tenant for " + platform + " corp " + corpId);
  }

  /**
   * Disables a company (its callbacks and logins are refused, schedulers skip it, its records stay)
   * or enables it again; NotFound for an unknown company.
   */
  public Future<Void> setDisabled(String platform, String corpId, boolean disabled) {
    return Transactions.run(
            pool,
            tx ->
                tx.preparedQuery(SET_DISABLED)
                    .execute(Tuple.of(platform, corpId, disabled))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw new NotFound("no tenant for " + platform + " corp " + corpId);
                          }
                          long id = rows.iterator().next().getLong(0);
                          // every node's cached apps of this company are dropped at once
                          return ChangeFeed.announce(tx, TenantChannels.changeMessage(id)).map(id);
                        }))
        .map(
            id -> {
              byId.invalidate(id);
              return null;
            });
  }

  /** One registered company as an operator lists it. */
  public record Listed(
      Tenant tenant,
      java.time.OffsetDateTime disabledAt,
      java.time.OffsetDateTime createdAt,
      int members,
      String channels) {}

  private static final String MEMBERS =
      "SELECT count(*)::int FROM crm_user WHERE tenant_id = $1 AND active";

  /** How many active members a company's directory holds. */
  public Future<Integer> members(long tenantId) {
    return pool.preparedQuery(MEMBERS)
        .execute(Tuple.of(tenantId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Every registered company, disabled ones too. */
  public Future<java.util.List<Listed>> list() {
    return pool.query(LIST)
        .execute()
        .map(
            rows -> {
              java.util.List<Listed> out = new java.util.ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Listed(
                        tenantOf(r),
                        r.getOffsetDateTime("disabled_at"),
                        r.getOffsetDateTime("created_at"),
                        r.getInteger("members"),
                        r.getString("channels") == null ? "" : r.getString("channels")));
              }
              return out;
            });
  }

  public Future<Tenant> get(long tenantId) {
    Tenant known = byId.getIfPresent(tenantId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return one(pool, BY_ID, Tuple.of(tenantId), "no tenant " + tenantId)
        .onSuccess(t -> byId.put(tenantId, t));
  }

  private static Future<Tenant> one(SqlClient db, String sql, Tuple args, String missing) {
    return db.preparedQuery(sql)
        .execute(args)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound(missing);
              }
              return tenantOf(rows.iterator().next());
            });
  }

  private static Tenant tenantOf(Row r) {
    return new Tenant(
        r.getLong("tenant_id"),
        r.getString("platform"),
        r.getString("corp_id"),
        r.getString("name"),
        ZoneId.of(r.getString("time_zone")));
  }
}
