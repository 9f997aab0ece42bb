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

  public WeComSender(
      Vertx vertx, WebClient client, String baseUrl, WeComTenants tenants, Backoff backoff) {
    this.tenants = tenants;
    this.apis =
        new AppClients<>(WeComApi::app, app -> new WeComApi(vertx, client, baseUrl, app, backoff));
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
