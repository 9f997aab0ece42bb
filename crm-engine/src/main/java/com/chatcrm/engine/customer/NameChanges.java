package com.chatcrm.engine.customer;

import com.chatcrm.engine.change.ChangeFeed;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times each tenant's customer names changed, as this process knows: bumped at once by the
 * service that made the change (after commit), and for changes made on other nodes by the change
 * feed's {@code customer_names:<tenant>}. What keeps a name index (the chat's linker) fresh without
 * asking the database per line. A gap in the feed counts as a change of every tenant's names.
 */
public final class NameChanges implements ChangeFeed.Listener {

  private final Map<Long, AtomicLong> counts = new ConcurrentHashMap<>();
  // bumped for all tenants at once, those this node has not counted yet included
  private final AtomicLong everyone = new AtomicLong();

  public void changed(long tenantId) {
    counts.computeIfAbsent(tenantId, t -> new AtomicLong()).incrementAndGet();
  }

  /** The tenant's count: an index built when it was lower is out of date. */
  public long of(long tenantId) {
    AtomicLong n = counts.get(tenantId);
    return everyone.get() + (n == null ? 0 : n.get());
  }

  /** A change-feed message; those of other kinds are ignored. */
  @Override
  public void onChange(String message) {
    Long tenant = KnownCustomers.changedTenant(message);
    if (tenant != null) {
      changed(tenant);
    }
  }

  /** The feed missed messages: every tenant's names may have changed. */
  @Override
  public void onMissedChanges() {
    everyone.incrementAndGet();
  }
}
