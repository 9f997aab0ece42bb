package com.chatcrm.gateway.notify;

import com.chatcrm.engine.notify.Recipients;
import com.chatcrm.engine.outbox.OutboundMessage;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform sender that falls back to email when the platform refuses the recipient for good (not
 * a member, not allowed to receive from the app): the message goes to the user's email address
 * instead, if they have one. Throttling and outages are not refusals; they stay with the outbox's
 * retries.
 */
public final class EmailFallbackSender implements ChannelSender {

  private static final Logger LOG = LoggerFactory.getLogger(EmailFallbackSender.class);

  /**
   * WeCom and DingTalk answers that mean "this user cannot get this message": invalid user id, user
   * not found, all recipients invalid, API or app not permitted for the user.
   */
  static final Set<Integer> REFUSALS = Set.of(40003, 60111, 81013, 48002, 301002, 60020);

  private final ChannelSender platform;
  private final ChannelSender email;
  private final Recipients recipients;

  public EmailFallbackSender(ChannelSender platform, ChannelSender email, Recipients recipients) {
    this.platform = platform;
    this.email = email;
    this.recipients = recipients;
  }

  @Override
  public Future<String> send(long tenantId, String recipient, ChatMessage message) {
    return orByMail(tenantId, recipient, message, platform.send(tenantId, recipient, message));
  }

  /** The platform's own row-keyed send (DingTalk's card outTrackId), with the same fallback. */
  @Override
  public Future<String> send(OutboundMessage row, ChatMessage message) {
    return orByMail(row.tenantId(), row.recipient(), message, platform.send(row, message));
  }

  private Future<String> orByMail(
      long tenantId, String recipient, ChatMessage message, Future<String> sent) {
    return sent.recover(
        e -> {
          if (!(e instanceof PlatformError pe) || !REFUSALS.contains(pe.errcode())) {
            return Future.failedFuture(e);
          }
          return recipients
              .byPlatformUserId(tenantId, recipient)
              .otherwiseEmpty()
              .compose(
                  r -> {
                    if (r == null || r.email() == null || r.email().isBlank()) {
                      return Future.failedFuture(e);
                    }
                    LOG.info(
                        "Platform refused user {} of tenant {} ({}); sending by email",
                        recipient,
                        tenantId,
                        pe.errcode());
                    return email
                        .send(tenantId, r.email().strip(), message)
                        .map(id -> "email:" + id);
                  });
        });
  }
}
