package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends outbox messages to WeCom users through message/send, one API client (and token) per app.
 */
public final class WeComSender implements ChannelSender {

  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final WeComTenants tenants;
  private final Backoff backoff;
  private final Map<String, WeComApi> apis = new ConcurrentHashMap<>();

  public WeComSender(
      Vertx vertx, WebClient client, String baseUrl, WeComTenants tenants, Backoff backoff) {
    this.vertx = vertx;
    this.client = client;
    this.baseUrl = baseUrl;
    this.tenants = tenants;
    this.backoff = backoff;
  }

  public WeComTenants tenants() {
    return tenants;
  }

  /** The API client of a tenant's app, created on first use and kept with its cached token. */
  public Future<WeComApi> api(long tenantId) {
    return tenants
        .byTenantId(tenantId)
        .map(
            entry ->
                apis.compute(
                    entry.app().corpId(),
                    (k, existing) ->
                        existing != null && existing.app().equals(entry.app())
                            ? existing
                            : new WeComApi(vertx, client, baseUrl, entry.app(), backoff)));
  }

  @Override
  public Future<String> send(long tenantId, String recipient, ChatMessage message) {
    return api(tenantId)
        .compose(
            api ->
                api.post(
                    "/cgi-bin/message/send",
                    WeComRenderer.render(
                        message,
                        recipient,
                        api.app().agentId(),
                        "crm-" + UUID.randomUUID().toString().replace("-", ""))))
        .map(answer -> answer.getString("msgid", ""));
  }
}
