package com.chatcrm.engine.pool;

import static com.chatcrm.engine.testing.Await.await;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Seeds for pool tests, through the engine's own services wherever they can do it. */
final class PoolSeeds {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private PoolSeeds() {}

  static Clock clockAt(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** A customer created by 王总 (admin) and put into the pool at {@code at}. */
  static Customer inPool(Pool pool, OrgFixture org, String name, CustomerLevel level, Instant at) {
    Customer c =
        await(
            new CustomerService(pool)
                .create(org.a(org.admin), NewCustomer.named(name).withLevel(level)));
    return await(new PoolService(pool, clockAt(at)).release(org.a(org.admin), c.id(), "seed"));
  }

  static Customer inPool(Pool pool, OrgFixture org, String name) {
    return inPool(pool, org, name, CustomerLevel.POTENTIAL, Instant.now());
  }

  /** A private customer of {@code owner}, created now. */
  static Customer owned(Pool pool, Actor owner, String name, CustomerLevel level) {
    return await(new CustomerService(pool).create(owner, NewCustomer.named(name).withLevel(level)));
  }

  static void rules(Pool pool, OrgFixture org, PoolRules rules) {
    await(new PoolRuleService(pool).update(org.a(org.admin), rules));
  }

  /** What the follow-up feature does when a follow-up is logged: the reclaim clock restarts. */
  static void followedUpAt(Pool pool, long tenantId, long customerId, OffsetDateTime at) {
    await(
        pool.preparedQuery(
                "UPDATE customer SET last_follow_up_at = $3 WHERE tenant_id = $1 AND id = $2")
            .execute(Tuple.of(tenantId, customerId, at)));
  }

  static long count(Pool pool, String sql, Object... args) {
    return await(pool.preparedQuery(sql).execute(Tuple.from(args))).iterator().next().getLong(0);
  }
}
