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
 * and rebuilt when the engine counts a change of its names (made here, or on another node and told
 * by the change feed); and, per line, the linker restricted to what the sender may see, their own
 * and recent customers first.
 */
final class CustomerLinks {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerLinks.class);

  /** Up to this many customers a line waits for its tenant's names to be rebuilt. */
  static final int WAIT_UP_TO = 2_000;

  private final KnownCustomers known;
  private final Cache<Long, TenantNames> tenants =
      Caffeine.newBuilder().maximumSize(2_000).expireAfterAccess(Duration.ofHours(1)).build();

  CustomerLinks(KnownCustomers known) {
    this.known = known;
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
    return tenants.get(actor.tenantId(), t -> new TenantNames()).get(actor);
  }

  /**
   * One tenant's names. Rebuilding takes about a second of CPU for 10,000 customers, so a large
   * tenant's lines do not wait for it: they use the names as they were until it is done (a customer
   * created a moment ago is then found by the resolver's search instead); a small tenant's next
   * line waits the few milliseconds. A change counted during a rebuild makes another.
   */
  private final class TenantNames {
    private volatile long builtAt = -1;
    private volatile Future<CustomerNames> current;
    private Future<CustomerNames> rebuilding;

    synchronized Future<CustomerNames> get(Actor actor) {
      if (current == null || current.failed()) {
        current = load(actor);
        return current;
      }
      if (rebuilding == null && builtAt < known.generation(actor.tenantId())) {
        Future<CustomerNames> next = load(actor);
        rebuilding = next;
        next.onComplete(done -> rebuilt(actor.tenantId(), next));
      }
      CustomerNames names = current.result();
      return rebuilding != null && (names == null || names.size() < WAIT_UP_TO)
          ? rebuilding
          : current;
    }

    private synchronized void rebuilt(long tenantId, Future<CustomerNames> next) {
      if (next.succeeded()) {
        current = next;
      } else {
        LOG.warn("Customer names of tenant {} not rebuilt: {}", tenantId, next.cause().toString());
      }
      rebuilding = null;
    }

    private Future<CustomerNames> load(Actor actor) {
      long seen = known.generation(actor.tenantId());
      return known
          .all(actor)
          .compose(CustomerLinks::build)
          .onSuccess(names -> builtAt = Math.max(builtAt, seen));
    }
  }

  private static Future<CustomerNames> build(List<KnownCustomers.Named> rows) {
    List<KnownCustomer> customers = new ArrayList<>(rows.size());
    for (KnownCustomers.Named r : rows) {
      List<String> aliases = new ArrayList<>(r.aliases());
      if (r.shortName() != null && !r.shortName().isBlank()) {
        aliases.add(0, r.shortName());
      }
      customers.add(new KnownCustomer(r.id(), r.name(), aliases));
    }
    return matcher(customers);
  }

  /** Building the matcher is CPU work (pinyin of every name): off the event loop. */
  private static Future<CustomerNames> matcher(List<KnownCustomer> customers) {
    Context context = Vertx.currentContext();
    return context == null
        ? Future.succeededFuture(CustomerNames.of(customers))
        : context.executeBlocking(() -> CustomerNames.of(customers), false);
  }
}
