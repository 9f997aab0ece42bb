package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.pool.PoolFilter;
import com.chatcrm.engine.pool.PoolService;
import io.vertx.core.Future;

/** The customer pool (公海): listing the unowned customers, claiming one and returning one. */
final class PoolRoutes {

  private final PoolService poolService;

  PoolRoutes(Engine engine) {
    this.poolService = engine.poolService();
  }

  void addTo(Operations operations) {
    operations.on("listPool", 200, this::listPool);
    operations.on(
        "claimCustomer", 200, c -> poolService.claim(c.actor(), c.id()).map(Views::customer));
    operations.on(
        "releaseCustomer",
        200,
        c ->
            poolService
                .release(c.actor(), c.id(), c.body().getString("reason"))
                .map(Views::customer));
  }

  private Future<Object> listPool(Call c) {
    PoolFilter filter =
        new PoolFilter(c.queryLevel("level"), c.query("industry"), c.query("region"));
    return poolService
        .list(c.actor(), filter, c.query("cursor"), c.queryInt("limit", 20))
        .map(p -> Views.page(Views.all(p.items(), Views::poolCustomer), p.nextCursor()));
  }
}
