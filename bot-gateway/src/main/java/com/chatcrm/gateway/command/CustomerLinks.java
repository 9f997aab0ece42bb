package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.KnownCustomers;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.CustomerLinker;
import com.chatcrm.language.CustomerNames;
import com.chatcrm.language.CustomerSpan;
import com.chatcrm.language.KnownCustomer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's customers by every form people type them ({@link CustomerNames}), kept per tenant
 * and dropped when the change feed says its names changed; and, per line, the linker restricted to
 * what the sender may see, their own and recent customers first.
 */
final class CustomerLinks {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerLinks.class);

  private final KnownCustomers known;
  private final Cache<Long, Future<CustomerNames>> tenants =
      Caffeine.newBuilder().maximumSize(2_000).expireAfterAccess(Duration.ofHours(1)).build();

  CustomerLinks(KnownCustomers known) {
    this.known = known;
  }

  /** A change-feed message: a tenant whose names changed is read again on its next line. */
  void onChange(String message) {
    Long tenant = KnownCustomers.changedTenant(message);
    if (tenant != null) {
      tenants.invalidate(tenant);
    }
  }

  /**
   * The customers {@code text} names that {@code actor} may see. A failure to read the names costs
   * the line its links, never its answer: the parser then guesses names from positions.
   */
  Future<CustomerLinker> forLine(Actor actor, String text) {
    String line = CommandParser.normalize(text);
    return names(actor)
        .compose(
            names -> {
              Set<Long> ids = new LinkedHashSet<>();
              for (CustomerSpan s : names.find(line)) {
                s.customers().forEach(c -> ids.add(c.id()));
              }
              return ids.isEmpty()
                  ? Future.succeededFuture(CustomerLinker.NONE)
                  : known
                      .sight(actor, ids)
                      .map(sight -> names.restrictedTo(sight.visible(), sight.preferred()));
            })
        .recover(
            e -> {
              LOG.warn(
                  "Customer names of tenant {} unavailable: {}", actor.tenantId(), e.toString());
              return Future.succeededFuture(CustomerLinker.NONE);
            });
  }

  /** Names that sound like {@code typed} among those the actor may see (心河 → 星河传媒), best first. */
  Future<List<KnownCustomer>> soundsLike(Actor actor, String typed) {
    return names(actor)
        .compose(
            names -> {
              List<KnownCustomer> near = names.soundsLike(typed, 5);
              return near.isEmpty()
                  ? Future.succeededFuture(List.<KnownCustomer>of())
                  : known
                      .sight(actor, near.stream().map(KnownCustomer::id).toList())
                      .map(
                          sight ->
                              near.stream().filter(c -> sight.visible().contains(c.id())).toList());
            })
        .recover(e -> Future.succeededFuture(List.of()));
  }

  private Future<CustomerNames> names(Actor actor) {
    Future<CustomerNames> f =
        tenants.get(
            actor.tenantId(),
            tenant ->
                known
                    .all(actor)
                    .compose(
                        rows -> {
                          List<KnownCustomer> customers = new ArrayList<>(rows.size());
                          for (KnownCustomers.Named r : rows) {
                            List<String> aliases = new ArrayList<>(r.aliases());
                            if (r.shortName() != null && !r.shortName().isBlank()) {
                              aliases.add(0, r.shortName());
                            }
                            customers.add(new KnownCustomer(r.id(), r.name(), aliases));
                          }
                          return build(customers);
                        }));
    // a failed read is not kept: the next line tries again
    f.onFailure(e -> tenants.asMap().remove(actor.tenantId(), f));
    return f;
  }

  /** Building the matcher is CPU work (pinyin of every name): off the event loop. */
  private static Future<CustomerNames> build(List<KnownCustomer> customers) {
    Context context = Vertx.currentContext();
    return context == null
        ? Future.succeededFuture(CustomerNames.of(customers))
        : context.executeBlocking(() -> CustomerNames.of(customers), false);
  }
}
