package com.chatcrm.engine.transfer;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handing a customer to a colleague, from chat or the mini-app: an owned customer is transferred, a
 * 公海 one assigned out of the pool (under the pool's rules), and the new owner is told through the
 * {@link Notifier} who gave them which customer. 撤销 takes it back within the window, for whoever
 * made the transfer.
 */
public final class CustomerTransfers {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerTransfers.class);
  private static final String USER_NAME =
      "SELECT name FROM crm_user WHERE tenant_id = $1 AND id = $2";
  private static final String HOLDER =
      "SELECT owner_id FROM customer WHERE tenant_id = $1 AND id = $2";

  private final Pool pool;
  private final Clock clock;
  private final CustomerService customers;
  private final PoolService poolService;
  private final Notifier notifier;

  /**
   * @param notifier how the new owner hears of it; null tells nobody
   */
  public CustomerTransfers(
      Pool pool,
      Clock clock,
      Notifier notifier,
      CustomerService customers,
      PoolService poolService) {
    this.pool = pool;
    this.clock = clock;
    this.customers = customers;
    this.poolService = poolService;
    this.notifier = notifier;
  }

  /**
   * Gives the customer to {@code toUserId}; they are told unless they did it themselves or had it
   * already.
   */
  public Future<Customer> transfer(Actor actor, long customerId, long toUserId) {
    return customers
        .get(actor, customerId)
        .compose(
            before ->
                (before.inPool()
                        ? poolService.assign(actor, customerId, toUserId)
                        : customers.transfer(actor, customerId, toUserId))
                    .compose(
                        after ->
                            Objects.equals(before.ownerId(), toUserId)
                                    || Objects.equals(actor.userId(), toUserId)
                                ? Future.succeededFuture(after)
                                : tell(actor, after, toUserId).map(after))
                    // a manager moving a rep's customer: the rep hears it is no longer theirs
                    .compose(
                        after ->
                            before.ownerId() == null
                                    || Objects.equals(before.ownerId(), actor.userId())
                                    || Objects.equals(before.ownerId(), toUserId)
                                ? Future.succeededFuture(after)
                                : tellMovedAway(actor, after, before.ownerId()).map(after)));
  }

  private Future<Void> tellMovedAway(Actor actor, Customer c, long fromUserId) {
    return announce(
        actor,
        fromUserId,
        name ->
            new Notification(
                "📤 " + name + " 把你的客户转给了" + (c.ownerName() == null ? "同事" : c.ownerName()),
                name
                    + " 把「"
                    + c.name()
                    + "」转给了"
                    + (c.ownerName() == null ? "同事" : c.ownerName())
                    + "，这个客户不再由你负责。",
                List.of(
                    new Notification.Field("客户", c.name()), new Notification.Field("操作人", name)),
                List.of(),
                "transfer-away:" + c.id() + ":" + c.version(),
                List.of(Notification.CHAT)),
        c);
  }

  /** Takes back the actor's own transfer of the customer, made at most {@code window} ago. */
  public Future<Customer> undo(Actor actor, long customerId, Duration window) {
    // who holds it now is read before the undo: the actor may no longer see the customer, the undo
    // checks that
    return pool.preparedQuery(HOLDER)
        .execute(Tuple.of(actor.tenantId(), customerId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("owner_id"))
        .compose(
            holder ->
                customers
                    .undoTransfer(actor, customerId, clock.instant().minus(window))
                    .compose(
                        back ->
                            holder == null
                                    || holder == actor.userId()
                                    || Objects.equals(back.ownerId(), holder)
                                ? Future.succeededFuture(back)
                                : tellTakenBack(actor, back, holder).map(back)));
  }

  /**
   * The colleague who was handed the customer hears that it was taken back, so they stop working on
   * it.
   */
  private Future<Void> tellTakenBack(Actor actor, Customer c, long fromUserId) {
    return announce(
        actor,
        fromUserId,
        name ->
            new Notification(
                "↩️ " + name + " 撤回了转交",
                name + " 撤回了「" + c.name() + "」的转交，这个客户不再由你负责。",
                List.of(
                    new Notification.Field("客户", c.name()), new Notification.Field("撤回人", name)),
                List.of(),
                "transfer-undone:" + c.id() + ":" + c.version(),
                List.of(Notification.CHAT)),
        c);
  }

  private Future<Void> tell(Actor actor, Customer c, long toUserId) {
    return announce(
        actor,
        toUserId,
        name ->
            new Notification(
                "📥 " + name + " 把客户转给了你",
                name + " 把「" + c.name() + "」转给了你，现在由你负责跟进。",
                List.of(
                    new Notification.Field("客户", c.name()), new Notification.Field("转交人", name)),
                List.of(
                    new Notification.Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                    new Notification.Button("detail:customer:" + c.id(), "打开详情")),
                "transfer:" + c.id() + ":" + c.version(),
                List.of(Notification.CHAT)),
        c);
  }

  // the change is done and stays done: a notice that cannot be queued is logged, not an error for
  // the user
  private Future<Void> announce(
      Actor actor,
      long toUserId,
      java.util.function.Function<String, Notification> notice,
      Customer c) {
    if (notifier == null) {
      return Future.succeededFuture();
    }
    Future<String> from =
        actor.isSystem()
            ? Future.succeededFuture("系统")
            : pool.preparedQuery(USER_NAME)
                .execute(Tuple.of(actor.tenantId(), actor.userId()))
                .map(rows -> rows.size() == 0 ? "同事" : rows.iterator().next().getString("name"));
    return from.compose(name -> notifier.push(actor.tenantId(), toUserId, notice.apply(name)))
        .recover(
            e -> {
              LOG.warn(
                  "Change of customer {} (tenant {}) not announced to user {}: {}",
                  c.id(),
                  actor.tenantId(),
                  toUserId,
                  e.getMessage());
              return Future.succeededFuture();
            });
  }
}
