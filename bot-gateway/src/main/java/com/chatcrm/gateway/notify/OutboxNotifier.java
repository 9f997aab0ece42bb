package com.chatcrm.gateway.notify;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.notify.Recipient;
import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.outbox.Outbox;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.gateway.outbound.OutboxDispatcher;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link Notifier}, through the durable outbox: resolves the user's id on the tenant's
 * platform (and email address when asked for, or when the user chose email), queues one outbox row
 * per channel under the notification's dedupe key, and nudges the {@link OutboxDispatcher}.
 */
public final class OutboxNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifier.class);
  public static final String EMAIL_CHANNEL = "email";

  private final Recipients recipients;
  private final Outbox outbox;
  private final EventBus eventBus;
  private volatile MiniAppLinks links;
  private volatile TenantService tenants;

  public OutboxNotifier(Recipients recipients, Outbox outbox, EventBus eventBus) {
    this.recipients = recipients;
    this.outbox = outbox;
    this.eventBus = eventBus;
  }

  /**
   * Where the mini-app is (e.g. https://crm.example.com/m/): buttons keyed {@code
   * detail:customer:<id>} then open the customer's page, logging in through the company; without it
   * they stay callbacks. Links into these pages that name no company get it too.
   */
  public OutboxNotifier withMiniApp(String miniAppUrl, TenantService tenants) {
    this.links = miniAppUrl == null ? null : new MiniAppLinks(miniAppUrl);
    this.tenants = tenants;
    return this;
  }

  @Override
  public Future<Void> push(long tenantId, long userId, Notification n, Instant queuedAt) {
    return withPageLinks(tenantId, n)
        .compose(linked -> deliver(tenantId, userId, linked, queuedAt));
  }

  private Future<Notification> withPageLinks(long tenantId, Notification n) {
    MiniAppLinks links = this.links;
    if (links == null
        || n.buttons().stream()
            .noneMatch(b -> MiniAppLinks.isPageLink(b.key()) || links.lacksCompany(b.key()))) {
      return Future.succeededFuture(n);
    }
    return tenants
        .get(tenantId)
        .map(
            t ->
                new Notification(
                    n.title(),
                    n.markdown(),
                    n.fields(),
                    n.buttons().stream()
                        .map(
                            b ->
                                MiniAppLinks.isPageLink(b.key())
                                    ? new Notification.Button(
                                        links.pageKey(t.corpId(), b.key()), b.text())
                                    : links.lacksCompany(b.key())
                                        ? new Notification.Button(
                                            links.withCompany(t.corpId(), b.key()), b.text())
                                        : b)
                        .toList(),
                    n.dedupeKey(),
                    n.channels(),
                    n.imageUrl()));
  }

  private Future<Void> deliver(long tenantId, long userId, Notification n, Instant queuedAt) {
    return recipients
        .get(tenantId, userId)
        .compose(
            r -> {
              if (!r.active()) {
                LOG.info(
                    "Not pushing {} to user {} of tenant {}: the user has left",
                    n.dedupeKey(),
                    userId,
                    tenantId);
                return Future.succeededFuture();
              }
              Actor system = Actor.system(tenantId, "notify");
              ChatMessage message = toChatMessage(n);
              List<Future<Long>> queued = new ArrayList<>();
              boolean email =
                  hasEmail(r) && (n.channels().contains(Notification.EMAIL) || r.prefersEmail());
              // asked for email only, without an address: chat rather than nothing
              boolean chat = n.channels().contains(Notification.CHAT) || !email;
              if (chat) {
                queued.add(
                    outbox.enqueuePush(
                        system,
                        r.platform(),
                        r.platformUserId(),
                        message.toJson(),
                        key(n, r.platform()),
                        queuedAt));
              }
              if (email) {
                queued.add(
                    outbox.enqueuePush(
                        system,
                        EMAIL_CHANNEL,
                        r.email().strip(),
                        message.toJson(),
                        key(n, EMAIL_CHANNEL),
                        queuedAt));
              }
              return Future.all(queued)
                  .onSuccess(v -> eventBus.publish(OutboxDispatcher.ADDRESS, tenantId))
                  .mapEmpty();
            });
  }

  /** The outbox dedupe key of a notification on one channel. */
  public static String key(Notification n, String channel) {
    return "push:" + n.dedupeKey() + ":" + channel;
  }

  public static ChatMessage toChatMessage(Notification n) {
    return new ChatMessage(
        n.title(),
        n.markdown(),
        n.fields().stream().map(f -> new ChatMessage.Field(f.label(), f.value())).toList(),
        n.buttons().stream().map(b -> new ChatMessage.Button(b.key(), b.text())).toList(),
        n.imageUrl());
  }

  private static boolean hasEmail(Recipient r) {
    return r.email() != null && !r.email().isBlank();
  }
}
