package com.chatcrm.gateway.wecom;

import com.chatcrm.gateway.AppClients;
import com.chatcrm.gateway.Backoff;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;

/**
 * Sends outbox messages to WeCom users through message/send, one API client (and token) per app.
 */
public final class WeComSender implements ChannelSender {

  private final WeComTenants tenants;
  private final AppClients<WeComApp, WeComApi> apis;
  private final Vertx vertx;
  private final WebClient client;
  private final String baseUrl;
  private final Backoff backoff;

  public WeComSender(
      Vertx vertx, WebClient client, String baseUrl, WeComTenants tenants, Backoff backoff) {
    this.tenants = tenants;
    this.vertx = vertx;
    this.client = client;
    this.baseUrl = baseUrl;
    this.backoff = backoff;
    this.apis =
        new AppClients<>(WeComApi::app, app -> new WeComApi(vertx, client, baseUrl, app, backoff));
  }

  /** Fetches a token for an app not stored yet: whether WeCom accepts its corp id and secret. */
  public Future<Void> check(WeComApp app) {
    return new WeComApi(vertx, client, baseUrl, app, backoff).accessToken().mapEmpty();
  }

  public WeComTenants tenants() {
    return tenants;
  }

  /** The API client of a tenant's app. */
  public Future<WeComApi> api(long tenantId) {
    return tenants.byTenantId(tenantId).map(e -> apis.of(e.app().corpId(), e.app()));
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
