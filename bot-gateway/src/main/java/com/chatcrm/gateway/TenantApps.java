package com.chatcrm.gateway;

import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantChannels;
import com.chatcrm.engine.tenant.TenantService;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A platform's tenants with their apps, by corp id, cached briefly (Caffeine on the Vert.x
 * context): callbacks arrive in bursts and each needs the keys, while changed settings must take
 * effect soon (and at once on every node, through the change feed's {@link #invalidateAll}). An
 * unknown corp is cached as absent too, so a flood of junk callbacks does not reach the database.
 *
 * @param <E> what an adapter builds from a tenant and its channel settings (app, crypto, admins)
 */
public abstract class TenantApps<E> {

  private final Vertx vertx;
  private final TenantService tenants;
  private final TenantChannels channels;
  private final String platform;
  private final BiFunction<Tenant, JsonObject, E> build;
  private final AsyncCache<String, Optional<E>> cache;

  protected TenantApps(
      Vertx vertx,
      TenantService tenants,
      TenantChannels channels,
      String platform,
      BiFunction<Tenant, JsonObject, E> build) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.channels = channels;
    this.platform = platform;
    this.build = build;
    Context context = vertx.getOrCreateContext();
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(10_000)
            .executor(task -> context.runOnContext(v -> task.run()))
            .buildAsync();
  }

  /** The entry of this corp id; fails with NotFound when the company or its channel is unknown. */
  public Future<E> byCorpId(String corpId) {
    if (!CallbackInput.plausibleCorpId(corpId)) {
      // not a corp id at all (a NUL would fail in PostgreSQL): not looked up, not cached, not
      // echoed
      return Future.failedFuture(new NotFound("no such " + platform + " company"));
    }
    return Future.fromCompletionStage(
            cache.get(
                corpId, (key, executor) -> load(key).toCompletionStage().toCompletableFuture()),
            vertx.getOrCreateContext())
        .map(
            found ->
                found.orElseThrow(() -> new NotFound("no " + platform + " company " + corpId)));
  }

  public Future<E> byTenantId(long tenantId) {
    return tenants.get(tenantId).compose(t -> byCorpId(t.corpId()));
  }

  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /** The {@code admins} list of channel settings: platform user ids that get the admin role. */
  public static Set<String> admins(JsonObject settings) {
    Set<String> admins = new HashSet<>();
    settings.getJsonArray("admins", new JsonArray()).forEach(a -> admins.add(String.valueOf(a)));
    return Set.copyOf(admins);
  }

  private Future<Optional<E>> load(String corpId) {
    return tenants
        .find(platform, corpId)
        .compose(
            tenant ->
                channels
                    .get(tenant.id(), platform)
                    .map(settings -> Optional.of(build.apply(tenant, settings))))
        .recover(
            e ->
                e instanceof NotFound
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(e));
  }
}
