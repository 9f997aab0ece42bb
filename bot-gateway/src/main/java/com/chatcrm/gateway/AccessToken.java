package com.chatcrm.gateway;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;

/** A platform access token and how long the platform said it lasts (both platforms: 7,200 s). */
public record AccessToken(String value, long expiresInSeconds) {

  /**
   * Refreshed this long before the platform would refuse it: a request in flight must not carry a
   * dead token.
   */
  static final Duration MARGIN = Duration.ofMinutes(5);

  /**
   * A token cache on the caller's Vert.x context, each token kept until {@link #MARGIN} before it
   * expires.
   */
  public static AsyncCache<String, AccessToken> cache(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    return Caffeine.newBuilder()
        .executor(task -> context.runOnContext(v -> task.run()))
        .expireAfter(
            new Expiry<String, AccessToken>() {
              @Override
              public long expireAfterCreate(String key, AccessToken token, long now) {
                return Duration.ofSeconds(
                        Math.max(token.expiresInSeconds() - MARGIN.toSeconds(), 1))
                    .toNanos();
              }

              @Override
              public long expireAfterUpdate(String key, AccessToken token, long now, long current) {
                return expireAfterCreate(key, token, now);
              }

              @Override
              public long expireAfterRead(String key, AccessToken token, long now, long current) {
                return current;
              }
            })
        .buildAsync();
  }
}
