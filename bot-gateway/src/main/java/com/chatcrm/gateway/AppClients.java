package com.chatcrm.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One API client per company's app, made on first use and kept with its cached tokens; replaced
 * when the app's settings change, so a new secret is used at once.
 *
 * @param <A> the app's settings (a record: equal settings, same client)
 * @param <C> the client
 */
public final class AppClients<A, C> {

  private final Map<String, C> clients = new ConcurrentHashMap<>();
  private final Function<C, A> appOf;
  private final Function<A, C> create;

  public AppClients(Function<C, A> appOf, Function<A, C> create) {
    this.appOf = appOf;
    this.create = create;
  }

  public C of(String corpId, A app) {
    return clients.compute(
        corpId,
        (k, existing) ->
            existing != null && appOf.apply(existing).equals(app) ? existing : create.apply(app));
  }
}
